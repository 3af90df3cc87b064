import { describe, expect, it } from 'vitest';
import { inKernelScope } from './kernelScope';

describe('KernelScope on WASM', () => {
  it('refuses a heap allocation that failed (offset 0) instead of handing out address 0, and frees it', () => {
    const disposed: object[] = [];
    const backend = {
      makeOutput: (shape: number[]) => ({ dataId: { shape }, shape, dtype: 'float32' as const }),
      dataIdMap: { get: () => ({ memoryOffset: 0 }) },
      disposeData: (dataId: object) => disposed.push(dataId),
    };
    let reached = false;
    expect(() =>
      inKernelScope(backend, 'wasm', (s) => {
        const out = s.alloc([1024, 256]);
        reached = true;
        return out;
      }),
    ).toThrow(/Out of memory: the WASM heap could not allocate 1 MB/);
    expect(reached).toBe(false);
    expect(disposed).toHaveLength(1);
  });
});
