/**
 * Finds the WebAssembly.Memory of a module instantiated while `start` runs: tfjs-backend-wasm
 * keeps its heap's Memory object private, and our GEMM module must import that very object to
 * work on tensors in place (the threaded build's heap is a shared memory, which cannot be
 * rebuilt from its buffer). Both builds are covered: the single-threaded one exports its memory,
 * the threaded one imports it.
 */
type Instantiate = typeof WebAssembly.instantiate;
type InstantiateStreaming = typeof WebAssembly.instantiateStreaming;

function memoriesIn(record: unknown, found: WebAssembly.Memory[]): void {
  if (!record || typeof record !== 'object') return;
  for (const value of Object.values(record as Record<string, unknown>)) {
    if (value instanceof WebAssembly.Memory) found.push(value);
    else if (value && typeof value === 'object' && !(value instanceof WebAssembly.Module)) {
      for (const inner of Object.values(value as Record<string, unknown>)) if (inner instanceof WebAssembly.Memory) found.push(inner);
    }
  }
}

export async function captureWasmMemory<T>(start: () => Promise<T>): Promise<{ result: T; memory: WebAssembly.Memory | null }> {
  if (typeof WebAssembly !== 'object') return { result: await start(), memory: null };
  const found: WebAssembly.Memory[] = [];
  const instantiate = WebAssembly.instantiate;
  const instantiateStreaming = WebAssembly.instantiateStreaming as InstantiateStreaming | undefined;
  const seen = (imports: unknown, result: WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance) => {
    memoriesIn(imports, found);
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    memoriesIn(instance.exports, found);
    return result;
  };
  WebAssembly.instantiate = (async (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) =>
    seen(imports, await instantiate(source as BufferSource, imports))) as Instantiate;
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = (async (source: Response | PromiseLike<Response>, imports?: WebAssembly.Imports) =>
      seen(imports, await instantiateStreaming(source, imports))) as InstantiateStreaming;
  }
  try {
    const result = await start();
    return { result, memory: found[0] ?? null };
  } finally {
    WebAssembly.instantiate = instantiate;
    if (instantiateStreaming) WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}
