/**
 * A small scope for writing a backend kernel out of other kernels of the same backend.
 *
 * Inside a kernel function we must not call tf ops (they would be recorded on the gradient
 * tape and tracked by the engine); instead we call the registered kernel functions directly,
 * as the backends do internally, and free every intermediate buffer ourselves.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackendData } from './heapModule';

export type Info = tf.TensorInfo;

interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

/** What tfjs-backend-wasm offers for reading and writing its heap directly. */
interface WasmBackend extends DisposingBackend, WasmBackendData {
  makeOutput(shape: number[], dtype: 'float32'): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}

/** What tfjs-backend-cpu offers: tensors are plain typed arrays. */
interface CpuBackend extends DisposingBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): Info;
  data: { get(dataId: object): { values: unknown } };
}

export class KernelScope {
  private readonly temps: Info[] = [];
  /** Kernel functions that replace the registered ones (e.g. the original BatchMatMul we wrap). */
  private readonly overrides: Record<string, tf.KernelFunc>;

  constructor(
    readonly backend: object,
    readonly backendName: string,
    overrides: Record<string, tf.KernelFunc> = {},
  ) {
    this.overrides = overrides;
  }

  /** Runs a registered kernel; its output is freed when the scope ends unless returned. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap | Info[], attrs: tf.NamedAttrMap = {}): Info {
    const func = this.overrides[kernelName] ?? tf.getKernel(kernelName, this.backendName)?.kernelFunc;
    if (!func) throw new Error(`Kernel ${kernelName} is not registered for the ${this.backendName} backend.`);
    const out = func({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs }) as Info;
    this.temps.push(out);
    return out;
  }

  /** A new float32 buffer (WASM: uninitialised); freed when the scope ends unless returned. */
  alloc(shape: number[]): Info {
    const size = shape.reduce((a, b) => a * b, 1);
    const out =
      this.backendName === 'cpu'
        ? (this.backend as CpuBackend).makeTensorInfo(shape, 'float32', new Float32Array(size))
        : (this.backend as WasmBackend).makeOutput(shape, 'float32');
    this.temps.push(out);
    // tfjs-wasm does not check malloc: a full heap gives offset 0, which our modules would write over.
    if (this.backendName === 'wasm' && size > 0 && this.pointer(out) === 0) {
      throw new Error(`Out of memory: the WASM heap could not allocate ${Math.ceil((size * 4) / 2 ** 20)} MB.`);
    }
    return out;
  }

  /**
   * The tensor's memory as a Float32Array (WASM: a view of the heap; CPU: the backend's array).
   * On WASM take views only after the last alloc: growing the heap detaches earlier views.
   */
  heap(x: Info): Float32Array {
    if (x.dtype !== 'float32') throw new Error(`Expected a float32 tensor, got ${x.dtype}.`);
    if (this.backendName === 'cpu') {
      const values = (this.backend as CpuBackend).data.get(x.dataId).values;
      if (!(values instanceof Float32Array)) throw new Error('Expected float32 data on the CPU backend.');
      return values;
    }
    return (this.backend as WasmBackend).typedArrayFromHeap(x);
  }

  /** WASM only: the tensor's byte offset in the heap, for our own WebAssembly modules. */
  pointer(x: Info): number {
    if (this.backendName !== 'wasm') throw new Error('KernelScope.pointer: only WASM tensors live in a heap.');
    const data = (this.backend as WasmBackend).dataIdMap.get(x.dataId);
    if (!data) throw new Error('KernelScope.pointer: the tensor has no buffer in the WASM heap.');
    return data.memoryOffset;
  }

  reshape(x: Info, shape: number[]): Info {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: Info, perm: number[]): Info {
    return this.run('Transpose', { x }, { perm });
  }

  /** Zero-pads (positive amounts) and crops (negative amounts) each axis in one go. */
  padOrCrop(x: Info, amounts: Array<[number, number]>): Info {
    let t = x;
    if (amounts.some(([a, b]) => a < 0 || b < 0)) {
      const begin = amounts.map(([a]) => Math.max(0, -a));
      const size = amounts.map(([a, b], i) => t.shape[i] - Math.max(0, -a) - Math.max(0, -b));
      t = this.run('Slice', { x: t }, { begin, size });
    }
    if (amounts.some(([a, b]) => a > 0 || b > 0)) {
      const paddings = amounts.map(([a, b]) => [Math.max(0, a), Math.max(0, b)]);
      t = this.run('PadV2', { x: t }, { paddings, constantValue: 0 });
    }
    return t;
  }

  /** Frees every intermediate except `keep` (which the engine takes ownership of). */
  finish(keep: Info): Info {
    const backend = this.backend as DisposingBackend;
    for (const t of this.temps) if (t !== keep) backend.disposeData(t.dataId);
    this.temps.length = 0;
    return keep;
  }

  /** Frees every intermediate except the outputs in `keep`. */
  finishAll(keep: Info[]): Info[] {
    const backend = this.backend as DisposingBackend;
    for (const t of this.temps) if (!keep.includes(t)) backend.disposeData(t.dataId);
    this.temps.length = 0;
    return keep;
  }

  /** Frees everything (on error). */
  abort(): void {
    const backend = this.backend as DisposingBackend;
    for (const t of this.temps) backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

/** Runs `body` in a scope and returns its result with all intermediates freed. */
export function inKernelScope(
  backend: object,
  backendName: string,
  body: (scope: KernelScope) => Info,
  overrides: Record<string, tf.KernelFunc> = {},
): Info {
  const scope = new KernelScope(backend, backendName, overrides);
  try {
    return scope.finish(body(scope));
  } catch (e) {
    scope.abort();
    throw e;
  }
}

/** inKernelScope for a kernel with several outputs. */
export function inKernelScopeAll(backend: object, backendName: string, body: (scope: KernelScope) => Info[]): Info[] {
  const scope = new KernelScope(backend, backendName);
  try {
    return scope.finishAll(body(scope));
  } catch (e) {
    scope.abort();
    throw e;
  }
}
