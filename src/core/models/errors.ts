/** Errors the Generate tab can show as they are: each says what went wrong and what to do. */

export type TrainingErrorCode =
  | 'too-few-images'
  | 'empty-class'
  | 'shape-mismatch'
  | 'bad-config'
  | 'bad-checkpoint'
  | 'out-of-memory';

export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/**
 * Turns a backend failure during a step into a TrainingError when it is an allocation failure
 * (WebGPU/WebGL/WASM word these differently), so the UI can suggest a smaller batch or size.
 */
export function explainStepError(e: unknown, batchSize: number, size: number): unknown {
  const message = e instanceof Error ? e.message : String(e);
  if (/out of memory|OOM|allocat|memory access out of bounds|Cannot enlarge memory|memory size exceeded|exceeds.*limit/i.test(message)) {
    return new TrainingError(
      'out-of-memory',
      `Training ran out of memory at batch ${batchSize} and ${size}×${size} pixels. ` +
        `Lower the batch size or the resolution; the last checkpoint is kept. (${message})`,
    );
  }
  return e;
}
