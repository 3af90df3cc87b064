import { describe, expect, it } from 'vitest';
import { startGemmEngine, type GemmHelperInit } from './startGemmEngine';

const sharedHeap = () => new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });

describe('startGemmEngine', () => {
  it('runs on one thread, saying why, where the heap is not shared', async () => {
    const started = await startGemmEngine(new WebAssembly.Memory({ initial: 1 }), { helpers: 1, spawnHelper: async () => ({ terminate() {} }) });
    expect(started!.engine.threads).toBe(1);
    expect(started!.helperError).toBe('the heap is not shared memory');
  });

  it('starts its helpers on a shared heap, each with its own slot', async () => {
    const inits: GemmHelperInit[] = [];
    const started = await startGemmEngine(sharedHeap(), { helpers: 2, spawnHelper: async (init) => (inits.push(init), { terminate() {} }) });
    expect(started!.engine.threads).toBe(3);
    expect(started!.helperError).toBeUndefined();
    expect(inits.map((i) => i.index)).toEqual([0, 1]);
    expect(inits[0].control).toBe(inits[1].control);
    expect(inits[0].module).toBeInstanceOf(WebAssembly.Module);
  });

  it('falls back to one thread if a helper fails to start, and ends the ones that did', async () => {
    const ended: number[] = [];
    const started = await startGemmEngine(sharedHeap(), {
      helpers: 2,
      spawnHelper: async ({ index }) => {
        if (index === 1) throw new Error('a GEMM helper thread failed to load: blocked');
        return { terminate: () => ended.push(index) };
      },
    });
    expect(started!.engine.threads).toBe(1);
    expect(started!.helperError).toBe('a GEMM helper thread failed to load: blocked');
    expect(ended).toEqual([0]);
  });
});
