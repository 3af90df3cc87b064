/**
 * Starts the GEMM engine on a WebAssembly heap (tfjs-backend-wasm's, found by captureWasmMemory),
 * with helper threads where the heap is shared and the caller can spawn them (a worker that
 * runs serveGemmJobs). Falls back to one thread if any helper fails to start.
 */
import { isSharedMemory } from '../heapModule';
import { compileGemm, instantiateGemm } from './gemmModule';
import { GemmEngine } from './gemmEngine';
import { controlBlock, GemmThreads } from './gemmThreads';

export interface GemmHelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
}

/** Starts one helper; resolves once it is waiting for work, with a way to end it. */
export type SpawnGemmHelper = (init: GemmHelperInit) => Promise<{ terminate(): void }>;

export interface GemmEngineOptions {
  helpers?: number;
  spawnHelper?: SpawnGemmHelper;
  /** false: never the fused multiply-add build (to compare against it). */
  allowFused?: boolean;
}

export interface StartedGemmEngine {
  engine: GemmEngine;
  /** Why fewer helpers run than were asked for, if so. */
  helperError?: string;
  /** Ends the helper threads (a worker's helpers otherwise end with it). */
  stop(): void;
}

export async function startGemmEngine(memory: WebAssembly.Memory, options: GemmEngineOptions = {}): Promise<StartedGemmEngine | null> {
  const compiled = compileGemm(memory, options);
  if (!compiled) return null;
  const exports = instantiateGemm(compiled.module, memory);
  const wanted = options.helpers ?? 0;
  const shared = isSharedMemory(memory);
  if (wanted <= 0 || !options.spawnHelper || !shared) {
    const helperError = wanted > 0 ? (shared ? 'no way to start helper threads here' : 'the heap is not shared memory') : undefined;
    return { engine: new GemmEngine(exports, memory, null, compiled.fused), helperError, stop: () => {} };
  }
  const control = controlBlock(wanted);
  const spawn = options.spawnHelper;
  const started = await Promise.allSettled(
    Array.from({ length: wanted }, (_, index) => spawn({ module: compiled.module, memory, control, index })),
  );
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    // The helpers that did start would wait for work forever.
    for (const r of started) if (r.status === 'fulfilled') r.value.terminate();
    return { engine: new GemmEngine(exports, memory, null, compiled.fused), helperError: String(failure.reason?.message ?? failure.reason), stop: () => {} };
  }
  const helpers = started.map((r) => (r as PromiseFulfilledResult<{ terminate(): void }>).value);
  return {
    engine: new GemmEngine(exports, memory, new GemmThreads(control, wanted), compiled.fused),
    stop: () => helpers.forEach((h) => h.terminate()),
  };
}
