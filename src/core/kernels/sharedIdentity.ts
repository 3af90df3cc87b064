/**
 * Identity (tf.clone) on the WASM backend as a second reference to the same buffer, as tfjs's CPU
 * and WebGL backends do it, instead of tfjs-backend-wasm's copy. tfjs clones every tensor it saves
 * for a gradient: a DCGAN step made 168 clones, ≈ 70 MB of copies and as many heap allocations.
 *
 * Sharing is safe because tensors are immutable: the only kernel here that writes into an existing
 * buffer is the fused Adam update (adam/fusedAdam.ts), and it declines when a variable's buffer
 * has more than one reference.
 */
import type * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

export function makeSharedIdentity(copy: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    // Strings live outside the heap; the shipped kernel handles them.
    if (x.dtype === 'string') return copy(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
