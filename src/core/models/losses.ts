/**
 * Loss functions on logits, written with softplus so they stay finite for any logit:
 *   -log sigmoid(x) = softplus(-x),  -log(1 - sigmoid(x)) = softplus(x).
 * All return scalar means over the batch.
 */
import * as tf from '@tensorflow/tfjs';

export type GanLoss = 'non-saturating' | 'hinge';

/**
 * Discriminator loss. Non-saturating: binary cross-entropy with real target 1 - smoothing
 * (one-sided label smoothing, Salimans et al. 2016) and fake target 0. Hinge (Lim & Ye 2017):
 * relu(1 - D(real)) + relu(1 + D(fake)).
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor, loss: GanLoss, labelSmoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    if (loss === 'hinge') {
      return tf.add(tf.mean(tf.relu(tf.sub(1, realLogits))), tf.mean(tf.relu(tf.add(1, fakeLogits))));
    }
    const t = 1 - labelSmoothing;
    const real = tf.add(tf.mul(t, tf.softplus(tf.neg(realLogits))), tf.mul(1 - t, tf.softplus(realLogits)));
    return tf.add(tf.mean(real), tf.mean(tf.softplus(fakeLogits)));
  }) as tf.Scalar;
}

/** Generator loss. Non-saturating: -log D(G(z)). Hinge: -D(G(z)). */
export function generatorLoss(fakeLogits: tf.Tensor, loss: GanLoss): tf.Scalar {
  return tf.tidy(() => (loss === 'hinge' ? tf.neg(tf.mean(fakeLogits)) : tf.mean(tf.softplus(tf.neg(fakeLogits))))) as tf.Scalar;
}

/**
 * Bernoulli reconstruction loss: binary cross-entropy between targets in [0, 1] and decoder
 * logits, summed over pixels, averaged over the batch. Per pixel: softplus(l) - x*l.
 */
export function reconstructionLoss(targets: tf.Tensor4D, logits: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const perPixel = tf.sub(tf.softplus(logits), tf.mul(targets, logits));
    return tf.div(tf.sum(perPixel), targets.shape[0]);
  }) as tf.Scalar;
}

/** KL(q(z|x) || N(0, I)) summed over latent dimensions, averaged over the batch. */
export function klDivergence(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perDim = tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1));
    return tf.div(tf.mul(0.5, tf.sum(perDim)), mu.shape[0]);
  }) as tf.Scalar;
}

/** Softmax cross-entropy with integer labels, averaged over the batch. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.sub(logits, tf.logSumExp(logits, 1, true));
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.neg(tf.div(tf.sum(tf.mul(onehot, logProbs)), logits.shape[0]));
  }) as tf.Scalar;
}
