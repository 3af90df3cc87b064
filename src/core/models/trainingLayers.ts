/**
 * Drop-in subclasses of tfjs-layers' Conv2D, Dense and BatchNormalization that train faster, and save
 * under the stock class names (so exported model.json files are plain TF.js layers models, and
 * load back as the stock classes).
 *
 * - Conv2D: the stock layer runs tf.fused.conv2d even in training, whose custom gradient computes
 *   the input AND filter gradients eagerly. In a GAN's generator step that wastes a full filter
 *   gradient per discriminator layer (~8% of a DCGAN step). With plain conv2d + bias add, the
 *   engine only computes the gradients the loss needs.
 * - Dense: likewise tf.fused.matMul, whose gradient computes the input gradient eagerly: for the
 *   generator's first layer that is a wasted [batch, 6272] x [6272, latent] product per step.
 * - BatchNormalization: the stock training path (moments, then the FusedBatchNorm kernel whose
 *   gradient tiles per-channel vectors to the activation's full size) makes ~25 passes over the
 *   activations forward and back. The closed-form gradient
 *     dx = gamma/sigma * (dy - mean(dy) - xhat * mean(dy * xhat))
 *   needs ~12, and no tiling.
 * Inference (training = false) runs the stock code in both.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../kernels/batchNormKernels';

type Kwargs = Record<string, unknown>;
type LayerClass = new (args: object) => tf.layers.Layer;

/** The stock class behind a layer factory (the one registered for deserialisation). */
function stockClass(make: () => tf.layers.Layer): LayerClass {
  return Object.getPrototypeOf(make()).constructor as LayerClass;
}

const StockConv2D = stockClass(() => tf.layers.conv2d({ filters: 1, kernelSize: 1 }));
const StockDense = stockClass(() => tf.layers.dense({ units: 1 }));
const StockBatchNormalization = stockClass(() => tf.layers.batchNormalization({}));

interface LayerVariableLike {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

interface ConvInternals {
  kernel: LayerVariableLike;
  bias: LayerVariableLike | null;
  strides: number[];
  padding: 'same' | 'valid';
  dilationRate: number[];
  dataFormat: string;
  activation: { apply(x: tf.Tensor): tf.Tensor };
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

class TrainingConv2D extends StockConv2D {
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    if (!kwargs?.training || self.dataFormat !== 'channelsLast') return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor4D;
      let y: tf.Tensor = tf.conv2d(
        x,
        self.kernel.read() as tf.Tensor4D,
        self.strides as [number, number],
        self.padding,
        'NHWC',
        self.dilationRate as [number, number],
      );
      if (self.bias) y = tf.add(y, self.bias.read());
      return self.activation.apply(y);
    });
  }
}

class TrainingDense extends StockDense {
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    const x = single(inputs);
    if (!kwargs?.training || x.rank !== 2) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      let y: tf.Tensor = tf.matMul(x as tf.Tensor2D, self.kernel.read() as tf.Tensor2D);
      if (self.bias) y = tf.add(y, self.bias.read());
      return self.activation.apply(y);
    });
  }
}

interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariableLike;
  beta: LayerVariableLike;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}

/**
 * Batch normalisation over all axes but the last, with its closed-form gradient.
 * Returns the output and the batch mean and (biased) variance.
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const n = x.size / x.shape[x.rank - 1];
  let mean: tf.Tensor1D | undefined;
  let variance: tf.Tensor1D | undefined;
  // Our fused kernels where the backend has them (WASM with its heap found: same results).
  const fused = tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
  const f = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    if (fused) {
      const [y, m, v, inv, a] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x: xIn, gamma: g, beta: b }, { epsilon }) as tf.Tensor[];
      mean = tf.keep(tf.clone(m)) as tf.Tensor1D;
      variance = tf.keep(v) as tf.Tensor1D;
      save([xIn, m, inv, a]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, [xs, ms, invs, as]: tf.Tensor[]) =>
          tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x: xs, mean: ms, inv: invs, scale: as }, {}) as tf.Tensor[],
      };
    }
    const m = tf.mean(xIn, axes) as tf.Tensor1D;
    const v = tf.mean(tf.squaredDifference(xIn, m), axes) as tf.Tensor1D;
    const inv = tf.rsqrt(tf.add(v, epsilon));
    const a = tf.mul(g, inv); // per-channel scale
    const y = tf.add(tf.mul(xIn, a), tf.sub(b, tf.mul(m, a)));
    // Clones: `m` is also saved for the backward pass and must outlive the caller's dispose.
    mean = tf.keep(tf.clone(m));
    variance = tf.keep(v);
    save([xIn, m, inv, a]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ms, invs, as] = saved;
        const xhat = tf.mul(tf.sub(xs, ms), invs);
        const dBeta = tf.sum(dy, axes);
        const dGamma = tf.sum(tf.mul(dy, xhat), axes);
        const dx = tf.sub(tf.mul(dy, as), tf.add(tf.mul(xhat, tf.mul(as, tf.div(dGamma, n))), tf.mul(as, tf.div(dBeta, n))));
        return [dx, dGamma, dBeta];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = f(x, gamma, beta);
  return { y, mean: mean!, variance: variance! };
}

class TrainingBatchNormalization extends StockBatchNormalization {
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BatchNormInternals;
    const x = single(inputs);
    const lastAxis = self.axis === -1 || self.axis === x.rank - 1;
    if (!kwargs?.training || !lastAxis || !self.center || !self.scale) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, self.gamma.read() as tf.Tensor1D, self.beta.read() as tf.Tensor1D, self.epsilon);
      // Moving statistics, as the stock layer updates them.
      const decay = 1 - self.momentum;
      for (const [slot, value] of [
        [self.movingMean, mean],
        [self.movingVariance, variance],
      ] as const) {
        const old = slot.read();
        slot.write(tf.sub(old, tf.mul(tf.sub(old, value), decay)));
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];
type DenseArgs = Parameters<typeof tf.layers.dense>[0];
type BatchNormArgs = Parameters<typeof tf.layers.batchNormalization>[0];

export function conv2d(args: Conv2DArgs): tf.layers.Layer {
  return new TrainingConv2D(args);
}

export function dense(args: DenseArgs): tf.layers.Layer {
  return new TrainingDense(args);
}

export function batchNormalization(args: BatchNormArgs): tf.layers.Layer {
  return new TrainingBatchNormalization(args ?? {});
}

/**
 * A decoder's or generator's inputs: the latent z and, for a conditional model, a one-hot label
 * concatenated to it. `h` is what the first dense layer reads.
 */
export function latentInputs(prefix: string, latentDim: number, numClasses: number): { inputs: tf.SymbolicTensor[]; h: tf.SymbolicTensor } {
  const z = tf.input({ shape: [latentDim], name: `${prefix}_z` });
  if (numClasses <= 0) return { inputs: [z], h: z };
  const y = tf.input({ shape: [numClasses], name: `${prefix}_label` });
  return { inputs: [z, y], h: tf.layers.concatenate({ name: `${prefix}_concat` }).apply([z, y]) as tf.SymbolicTensor };
}
