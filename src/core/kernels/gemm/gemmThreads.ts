/**
 * Runs GEMM module calls on helper threads that share the heap: the calling thread writes each
 * helper's arguments into a shared control block, wakes it with Atomics.notify, runs the call
 * itself, then waits for the helpers with Atomics.wait. All threads of a call take its work in
 * chunks from one counter in the heap (gemm.wat's $grab). A call costs microseconds, so even the
 * small convolutions of a 28×28 model split across cores.
 *
 * The caller must be allowed to block (a worker, never a page's main thread); helpers block
 * forever in serveGemmJobs, so each is a dedicated worker.
 */
import type { GemmExports } from './gemmModule';

/** The module calls that may run on helpers, by index. */
export const THREADED_CALLS = ['conv_forward', 'conv_input_grad', 'conv_filter_grad', 'conv_filter_grad_thin', 'gemm_rows'] as const;
export type ThreadedCall = (typeof THREADED_CALLS)[number];

// One slot per helper: sequence number, done flag, failure flag, call index, arguments.
const SEQ = 0;
const DONE = 1;
const FAILED = 2;
const CALL = 3;
const ARGS = 4;
const SLOT = 16;
/** A helper that takes longer than this to answer is treated as dead (a call here takes ms). */
const HELPER_TIMEOUT_MS = 60_000;

export function controlBlock(helpers: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(1, helpers) * SLOT * 4);
}

export class GemmThreads {
  private readonly control: Int32Array;

  constructor(control: SharedArrayBuffer, readonly helpers: number) {
    this.control = new Int32Array(control);
  }

  /** Runs `call` with args[0] here and args[1..] on helpers 0.. at the same time. */
  run(local: GemmExports, call: ThreadedCall, args: number[][]): void {
    if (args.length - 1 > this.helpers) throw new Error(`GemmThreads: ${args.length} shares for ${this.helpers + 1} threads.`);
    const c = this.control;
    for (let h = 0; h < args.length - 1; h++) {
      const slot = h * SLOT;
      c[slot + CALL] = THREADED_CALLS.indexOf(call);
      args[h + 1].forEach((v, i) => (c[slot + ARGS + i] = v));
      Atomics.store(c, slot + DONE, 0);
      Atomics.store(c, slot + FAILED, 0);
      Atomics.add(c, slot + SEQ, 1);
      Atomics.notify(c, slot + SEQ);
    }
    let error: unknown = null;
    try {
      (local[call] as (...a: number[]) => void)(...args[0]);
    } catch (e) {
      error = e;
    }
    for (let h = 0; h < args.length - 1; h++) {
      const slot = h * SLOT;
      const deadline = Date.now() + HELPER_TIMEOUT_MS;
      while (Atomics.load(c, slot + DONE) === 0) {
        if (Date.now() > deadline) throw new Error(`GEMM helper thread ${h + 1} stopped answering.`);
        Atomics.wait(c, slot + DONE, 0, 1000);
      }
      if (Atomics.load(c, slot + FAILED)) error ??= new Error(`GEMM helper thread ${h + 1} failed (see its console).`);
    }
    if (error) throw error;
  }
}

/** A helper's loop: waits for its slot's sequence number to move, runs the call, reports done. */
export function serveGemmJobs(control: SharedArrayBuffer, helper: number, gemm: GemmExports): never {
  const c = new Int32Array(control);
  const slot = helper * SLOT;
  let seen = Atomics.load(c, slot + SEQ);
  for (;;) {
    Atomics.wait(c, slot + SEQ, seen);
    seen = Atomics.load(c, slot + SEQ);
    try {
      const call = THREADED_CALLS[c[slot + CALL]];
      const args = Array.from(c.subarray(slot + ARGS, slot + SLOT));
      (gemm[call] as (...a: number[]) => void)(...args);
    } catch (e) {
      console.error('GEMM helper:', e);
      Atomics.store(c, slot + FAILED, 1);
    }
    Atomics.store(c, slot + DONE, 1);
    Atomics.notify(c, slot + DONE);
  }
}
