/**
 * Leaky ReLU without data-dependent branches: y = x * step(x, alpha), where step(x, a) is 1 for
 * x > 0 and a otherwise; the gradient is dy * step(x, alpha).
 *
 * On random-signed activations tfjs-backend-wasm's LeakyRelu kernel and the stock gradient
 * (greater + where) mispredict a branch per element: 8 ms forward and ~23 ms backward for a
 * [64,14,14,64] tensor here, against ~1.3 ms each for Step and Multiply, which vectorise.
 * The results are identical (including x = 0, which gets alpha in both). Where tfjs's heap was
 * found, both run as one WebAssembly pass each (leakyRelu.wat), with the same bits again.
 */
import * as tf from '@tensorflow/tfjs';
import { instantiateOnHeap } from './heapModule';
import { inKernelScope, type Info } from './kernelScope';
import plainBytes from './leakyRelu.wat';
import sharedBytes from './leakyRelu.wat?shared';

/** Inputs dy, x; attrs { alpha }; output dx. Registered where the heap kernels run. */
export const LEAKY_RELU_GRAD = 'AugmentStudioLeakyReluGrad';

interface LeakyReluExports {
  relu(x: number, n: number, y: number): void;
  leaky_relu(x: number, n: number, alpha: number, y: number): void;
  leaky_relu_grad(x: number, dy: number, n: number, alpha: number, dx: number): void;
}

/** LeakyRelu, its gradient kernel and Relu on the WASM heap, or null where the module cannot run. */
export function leakyReluOnHeap(heap: WebAssembly.Memory): { forward: tf.KernelFunc; gradient: tf.KernelFunc; relu: tf.KernelFunc } | null {
  const wasm = instantiateOnHeap<LeakyReluExports>(plainBytes, sharedBytes, heap);
  if (!wasm) return null;
  const float = (t: Info) => {
    if (t.dtype !== 'float32') throw new Error('LeakyRelu: float32 tensors only.');
    return t;
  };
  return {
    relu: ({ inputs, backend }) => {
      const x = float(inputs.x as Info);
      return inKernelScope(backend, 'wasm', (s) => {
        const y = s.alloc([...x.shape]);
        wasm.relu(s.pointer(x), tf.util.sizeFromShape(x.shape), s.pointer(y));
        return y;
      });
    },
    forward: ({ inputs, backend, attrs }) => {
      const x = float(inputs.x as Info);
      return inKernelScope(backend, 'wasm', (s) => {
        const y = s.alloc([...x.shape]);
        wasm.leaky_relu(s.pointer(x), tf.util.sizeFromShape(x.shape), (attrs as { alpha: number }).alpha, s.pointer(y));
        return y;
      });
    },
    gradient: ({ inputs, backend, attrs }) => {
      const x = float(inputs.x as Info);
      const dy = float(inputs.dy as Info);
      return inKernelScope(backend, 'wasm', (s) => {
        const dx = s.alloc([...x.shape]);
        wasm.leaky_relu_grad(s.pointer(x), s.pointer(dy), tf.util.sizeFromShape(x.shape), (attrs as { alpha: number }).alpha, s.pointer(dx));
        return dx;
      });
    },
  };
}

export function makeLeakyRelu(backendName: string): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as Info;
    const alpha = (args.attrs as { alpha: number }).alpha;
    return inKernelScope(args.backend, backendName, (s) => {
      const slope = s.run('Step', { x }, { alpha });
      return s.run('Multiply', { a: x, b: slope });
    });
  };
}

/** The LeakyRelu gradient as dy * step(x, alpha), or our one-pass kernel where registered. */
export const leakyReluGradient: tf.GradConfig = {
  kernelName: 'LeakyRelu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as { alpha: number };
    if (tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend())) return { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: dy as tf.Tensor, x }, { alpha }) as tf.Tensor };
    return { x: () => tf.mul(dy as tf.Tensor, tf.step(x, alpha)) };
  },
};

/**
 * The Relu gradient, tfjs's own (dy · step(x)), or our one-pass kernel with alpha 0 where
 * registered: the same bits (dy · 0 where x ≤ 0).
 */
export const reluGradient: tf.GradConfig = {
  kernelName: 'Relu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    if (tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()) && x.dtype === 'float32') {
      return { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: dy as tf.Tensor, x }, { alpha: 0 }) as tf.Tensor };
    }
    return { x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.step(x), 'float32')) };
  },
};
