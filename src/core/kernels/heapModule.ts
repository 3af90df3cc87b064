/**
 * Instantiates one of our small WebAssembly modules on tfjs-backend-wasm's heap, so it works on
 * tensors in place: the build of it that imports a shared memory where the heap is shared (tfjs's
 * threaded build), else the plain one. Null where the engine cannot run it (no SIMD).
 */
export function instantiateOnHeap<T>(plain: Uint8Array<ArrayBuffer>, shared: Uint8Array<ArrayBuffer>, heap: WebAssembly.Memory): T | null {
  const bytes = isSharedMemory(heap) ? shared : plain;
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: heap } }).exports as unknown as T;
}

/** Whether a heap is shared between threads (tfjs's threaded build), so modules must import it as shared. */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/** What tfjs-backend-wasm keeps per tensor buffer. */
export interface WasmBackendData {
  dataIdMap: { get(dataId: object): { memoryOffset: number; refCount: number } | undefined };
}
