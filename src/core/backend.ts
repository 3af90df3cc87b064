/**
 * Which tfjs backend runs a kind of work, and why the better ones did not.
 * Pure: the probe of the environment is done by the worker that starts tfjs (workers/shared/tf-start.ts).
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Image work (decode-side transforms, previews) or training (gradients: conv backprop kernels). */
export type WorkKind = 'image' | 'train';

export interface EnvironmentProbe {
  webgpu: { available: boolean; adapter?: string; fallback?: boolean; error?: string };
  webgl: { available: boolean; renderer?: string; software?: boolean; error?: string };
  wasm: { available: boolean; simd: boolean; threads: boolean; error?: string };
}

export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

export interface BackendChoice {
  backend: BackendName;
  /** The adapter or engine in words, e.g. "NVIDIA RTX 4070 (WebGPU)" or "WASM, SIMD, 2 threads". */
  adapter: string;
  forced: boolean;
  /** Better backends that were not used, each with the reason. */
  skipped: SkippedBackend[];
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return !!renderer && SOFTWARE_RENDERERS.test(renderer);
}

function usable(probe: EnvironmentProbe, b: BackendName, forced: boolean): { ok: true; adapter: string } | { ok: false; reason: string } {
  switch (b) {
    case 'webgpu': {
      const g = probe.webgpu;
      if (!g.available) return { ok: false, reason: g.error ?? 'this browser exposes no WebGPU adapter' };
      if (g.fallback && !forced) {
        return { ok: false, reason: `the WebGPU adapter is a software fallback (${g.adapter ?? 'CPU emulation'}), 20–100× slower than WASM here` };
      }
      return { ok: true, adapter: `${g.adapter ?? 'GPU'} (WebGPU${g.fallback ? ', software' : ''})` };
    }
    case 'webgl': {
      const g = probe.webgl;
      if (!g.available) return { ok: false, reason: g.error ?? 'WebGL2 is not available' };
      if (g.software && !forced) {
        return { ok: false, reason: `the WebGL renderer is software (${g.renderer}), much slower than WASM here` };
      }
      return { ok: true, adapter: `${g.renderer ?? 'GPU'} (WebGL2)` };
    }
    case 'wasm': {
      const w = probe.wasm;
      if (!w.available) return { ok: false, reason: w.error ?? 'WebAssembly is not available' };
      const threads = w.threads ? 'multi-threaded' : 'one thread (page not cross-origin isolated)';
      return { ok: true, adapter: `WASM${w.simd ? ' SIMD' : ''}, ${threads}` };
    }
    case 'cpu':
      return { ok: true, adapter: 'plain JavaScript' };
  }
}

/**
 * Picks the best usable backend. A software GPU adapter is never picked unless forced;
 * a forced backend that cannot start falls through to the next best, with the reason kept.
 */
export function chooseBackend(probe: EnvironmentProbe, kind: WorkKind, override?: BackendName): BackendChoice {
  const skipped: SkippedBackend[] = [];
  if (override) {
    const u = usable(probe, override, true);
    if (u.ok) return { backend: override, adapter: u.adapter, forced: true, skipped };
    skipped.push({ backend: override, reason: `forced, but ${u.reason}` });
  }
  for (const b of BACKENDS) {
    if (b === override) continue;
    const u = usable(probe, b, false);
    if (u.ok) return { backend: b, adapter: u.adapter, forced: false, skipped };
    skipped.push({ backend: b, reason: u.reason });
  }
  // Unreachable in practice: cpu is always usable.
  return { backend: 'cpu', adapter: 'plain JavaScript', forced: false, skipped: [...skipped, { backend: 'cpu', reason: kind }] };
}

/** One line for the status bar. */
export function describeChoice(c: BackendChoice): string {
  const why = c.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  return `${c.backend} — ${c.adapter}${c.forced ? ' (forced in settings)' : ''}${why ? `. Not used: ${why}` : ''}`;
}

/**
 * Threads for training's convolutions on WASM (the GEMM engine: the training worker and its
 * helpers) on a machine with `cores` logical cores: half of them, as tfjs takes for XNNPACK
 * (logical cores are often hyper-threads), but at least 2 where there are 2: training is
 * GEMM-bound and uses a second core well.
 */
export function trainingThreads(cores: number): number {
  return Math.max(1, Math.min(cores, Math.max(2, Math.floor(cores / 2))));
}
