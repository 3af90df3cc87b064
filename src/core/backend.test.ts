import { describe, expect, it } from 'vitest';
import { chooseBackend, describeChoice, isSoftwareRenderer, trainingThreads, type EnvironmentProbe } from './backend';

const realGpu: EnvironmentProbe = {
  webgpu: { available: true, adapter: 'nvidia ada', fallback: false },
  webgl: { available: true, renderer: 'ANGLE (NVIDIA GeForce RTX 4070)', software: false },
  wasm: { available: true, simd: true, threads: true },
};
const softwareOnly: EnvironmentProbe = {
  webgpu: { available: true, adapter: 'google swiftshader', fallback: true },
  webgl: { available: true, renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))', software: true },
  wasm: { available: true, simd: true, threads: false },
};

describe('chooseBackend', () => {
  it('picks WebGPU on a real GPU', () => {
    const c = chooseBackend(realGpu, 'train');
    expect(c.backend).toBe('webgpu');
    expect(c.skipped).toEqual([]);
  });

  it('never picks a software adapter by itself, and says why', () => {
    const c = chooseBackend(softwareOnly, 'image');
    expect(c.backend).toBe('wasm');
    expect(c.skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
    expect(c.skipped[0].reason).toMatch(/software fallback/);
    expect(c.adapter).toMatch(/one thread/);
    expect(describeChoice(c)).toMatch(/^wasm — .*Not used: webgpu: the WebGPU adapter is a software fallback/);
  });

  it('runs a forced software adapter when the user asks', () => {
    const c = chooseBackend(softwareOnly, 'image', 'webgpu');
    expect(c).toMatchObject({ backend: 'webgpu', forced: true });
  });

  it('falls through when a forced backend is missing, keeping the reason', () => {
    const noGpu: EnvironmentProbe = { ...softwareOnly, webgpu: { available: false, error: 'navigator.gpu is undefined' } };
    const c = chooseBackend(noGpu, 'image', 'webgpu');
    expect(c.backend).toBe('wasm');
    expect(c.skipped[0]).toEqual({ backend: 'webgpu', reason: 'forced, but navigator.gpu is undefined' });
  });

  it('prefers WebGL when WebGPU is missing but the GPU is real', () => {
    const c = chooseBackend({ ...realGpu, webgpu: { available: false } }, 'train');
    expect(c.backend).toBe('webgl');
  });

  it('recognises software renderers by name', () => {
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)')).toBe(false);
  });
});

describe('trainingThreads', () => {
  it('uses both cores of a 2-core machine and half the logical cores above', () => {
    expect([1, 2, 3, 4, 8, 16].map(trainingThreads)).toEqual([1, 2, 2, 2, 4, 8]);
  });
});
