import { describe, expect, it } from 'vitest';
import { TrainingError, explainStepError } from './errors';

describe('explainStepError', () => {
  it('turns backend allocation failures into an out-of-memory TrainingError that says what to do', () => {
    for (const message of [
      'Failed to allocate memory for buffer',
      'WebGL: OOM while creating texture',
      'RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded',
      'Cannot enlarge memory arrays to size 2147483648 bytes',
    ]) {
      const e = explainStepError(new Error(message), 64, 64);
      expect(e, message).toBeInstanceOf(TrainingError);
      expect((e as TrainingError).code).toBe('out-of-memory');
      expect((e as Error).message).toMatch(/batch 64 and 64×64 pixels\. Lower the batch size or the resolution/);
    }
  });

  it('passes other errors through unchanged', () => {
    const e = new TypeError('x is undefined');
    expect(explainStepError(e, 64, 28)).toBe(e);
  });
});
