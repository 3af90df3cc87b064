/**
 * Starts tfjs inside a worker: probes WebGPU, WebGL and WASM, asks src/core/backend.ts which to
 * use for this kind of work, and starts it (falling through if a start fails). Only workers import this.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { captureWasmMemory } from '../../src/core/kernels/gemm/wasmMemory';
import {
  chooseBackend,
  isSoftwareRenderer,
  type BackendChoice,
  type BackendName,
  type EnvironmentProbe,
  type WorkKind,
} from '../../src/core/backend';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

// A minimal module using a v128 instruction: it validates only where WASM SIMD exists.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

async function probeWebGpu(): Promise<EnvironmentProbe['webgpu']> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, error: 'this browser exposes no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, error: 'the browser found no WebGPU adapter' };
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    const fallback = !!(info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter) || isSoftwareRenderer(name);
    return { available: true, adapter: name, fallback };
  } catch (e) {
    return { available: false, error: `WebGPU failed to start: ${(e as Error).message}` };
  }
}

function probeWebGl(): EnvironmentProbe['webgl'] {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { available: false, error: 'WebGL2 is not available' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer, software: isSoftwareRenderer(renderer) };
  } catch (e) {
    return { available: false, error: `WebGL2 failed: ${(e as Error).message}` };
  }
}

export async function probeEnvironment(): Promise<EnvironmentProbe> {
  const wasmOk = typeof WebAssembly === 'object';
  return {
    webgpu: await probeWebGpu(),
    webgl: probeWebGl(),
    wasm: {
      available: wasmOk,
      simd: wasmOk && WebAssembly.validate(SIMD_PROBE),
      threads: wasmOk && self.crossOriginIsolated === true,
    },
  };
}

function wasmAdapter(probe: EnvironmentProbe, kind: WorkKind): string {
  const simd = `WASM${probe.wasm.simd ? ' SIMD' : ''}`;
  if (!probe.wasm.threads) return `${simd}, 1 thread (page not cross-origin isolated)`;
  // Training's threads are the GEMM engine's; training-kernels.ts says how many.
  if (kind === 'train') return simd;
  const threads = getThreadsCount();
  const why = threads < 2 && navigator.hardwareConcurrency > 1 ? ` (tfjs uses half of the ${navigator.hardwareConcurrency} cores)` : '';
  return `${simd}, ${threads} thread${threads === 1 ? '' : 's'}${why}`;
}

export interface StartedBackend extends BackendChoice {
  probe: EnvironmentProbe;
  /** WASM: the heap's Memory, when this start instantiated it (for the GEMM engine). */
  wasmHeap?: WebAssembly.Memory | null;
}

/**
 * Training on WASM runs its heavy kernels on the project's GEMM engine, with helper threads of its
 * own (training-kernels.ts), and gives tfjs's XNNPACK one thread: XNNPACK's idle threads
 * spin-wait after each of its ops, on the cores the GEMM helpers need. (With the engine's fixed
 * halves this took the VAE from 13.0–15.3 to 16.0 steps/s here; since its threads take chunks as
 * they are free, the two settings measure the same on this 2-core VM.) tfjs still loads its
 * threaded build, whose heap is shared memory the helpers can work in.
 */
function startWasm(kind: WorkKind): Promise<boolean> {
  if (kind === 'train') setThreadsCount(1);
  return tf.setBackend('wasm');
}

/** Starts the chosen backend; if it fails to start, records why and tries the next one. */
export async function startBackend(kind: WorkKind, override?: BackendName, onStarted?: (b: BackendName) => void): Promise<StartedBackend> {
  const probe = await probeEnvironment();
  const failed: Array<{ backend: BackendName; reason: string }> = [];
  let choice = chooseBackend(probe, kind, override);
  for (;;) {
    try {
      const backend = choice.backend;
      const start = () => (backend === 'wasm' ? startWasm(kind) : tf.setBackend(backend));
      const { result: ok, memory: wasmHeap } = backend === 'wasm' ? await captureWasmMemory(start) : { result: await start(), memory: null };
      if (!ok) throw new Error('tfjs could not initialise it');
      await tf.ready();
      onStarted?.(choice.backend);
      // tfjs-wasm runs on half the logical cores (1–8): say how many threads it really got.
      const adapter = choice.backend === 'wasm' ? wasmAdapter(probe, kind) : choice.adapter;
      return { ...choice, adapter, skipped: [...failed, ...choice.skipped], probe, wasmHeap };
    } catch (e) {
      failed.push({ backend: choice.backend, reason: `failed to start: ${(e as Error).message}` });
      const p = { ...probe };
      if (choice.backend === 'webgpu') p.webgpu = { available: false, error: failed.at(-1)!.reason };
      else if (choice.backend === 'webgl') p.webgl = { available: false, error: failed.at(-1)!.reason };
      else if (choice.backend === 'wasm') p.wasm = { ...p.wasm, available: false, error: failed.at(-1)!.reason };
      else throw e;
      choice = chooseBackend(p, kind, override === choice.backend ? undefined : override);
      Object.assign(probe, p);
    }
  }
}
