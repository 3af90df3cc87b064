/**
 * Instantiates one of our small WebAssembly modules on tfjs-backend-wasm's heap, so it works on
 * tensors in place: the build of it that imports a shared memory where the heap is shared (tfjs's
 * threaded build), else the plain one. Null where the engine cannot run it (no SIMD).
 */
export function instantiateOnHeap<T>(plain: Uint8Array<ArrayBuffer>, shared: Uint8Array<ArrayBuffer>, heap: WebAssembly.Memory): T | null {
  const isShared = typeof SharedArrayBuffer !== 'undefined' && heap.buffer instanceof SharedArrayBuffer;
  const bytes = isShared ? shared : plain;
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: heap } }).exports as unknown as T;
}

/** What tfjs-backend-wasm keeps per tensor buffer. */
export interface WasmBackendData {
  dataIdMap: { get(dataId: object): { memoryOffset: number; refCount: number } | undefined };
}
