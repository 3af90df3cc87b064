/**
 * Leaky ReLU without data-dependent branches: y = x * step(x, alpha), where step(x, a) is 1 for
 * x > 0 and a otherwise; the gradient is dy * step(x, alpha).
 *
 * On random-signed activations tfjs-backend-wasm's LeakyRelu kernel and the stock gradient
 * (greater + where) mispredict a branch per element: 8 ms forward and ~23 ms backward for a
 * [64,14,14,64] tensor here, against ~1.3 ms each for Step and Multiply, which vectorise.
 * The results are identical (including x = 0, which gets alpha in both).
 */
import * as tf from '@tensorflow/tfjs';
import { inKernelScope, type Info } from './kernelScope';

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

/** The LeakyRelu gradient as dy * step(x, alpha); backend-agnostic. */
export const leakyReluGradient: tf.GradConfig = {
  kernelName: 'LeakyRelu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as { alpha: number };
    return { x: () => tf.mul(dy as tf.Tensor, tf.step(x, alpha)) };
  },
};
