import { inKernelScope, type Info } from '../kernelScope';

/**
 * Allocates an engine operation's output and scratch in the backend's heap, runs it on their and
 * the inputs' offsets, and frees all but the output.
 */
export function onEngine(
  backend: object,
  outShape: number[],
  scratchFloats: number,
  inputs: Info[],
  op: (inputs: number[], out: number, scratch: number) => void,
): Info {
  return inKernelScope(backend, 'wasm', (scope) => {
    const out = scope.alloc(outShape);
    const scratch = scope.alloc([scratchFloats]);
    op(inputs.map((t) => scope.pointer(t)), scope.pointer(out), scope.pointer(scratch));
    return out;
  });
}
