/**
 * Real + synthetic batches. Each batch keeps the real images the real-only arm would get and adds
 * `syntheticPerReal` synthetic images per real one, so arms that add synthetic data see exactly
 * the same real images, in the same order, for the same number of steps: the only difference
 * between arms is what is added.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch, DataSource } from '../models/dataSource';

/** How many real images a mixed batch of `n` carries (the rest are synthetic). */
export function realShare(n: number, syntheticPerReal: number): number {
  return Math.max(1, Math.min(n, Math.round(n / (1 + syntheticPerReal))));
}

/**
 * A source whose batches of n hold realShare(n) real images and the rest synthetic. Its `size` is
 * real.size × (1 + syntheticPerReal), so the trainer's epochs stay epochs over the real data.
 */
export function mixSources(real: DataSource, synthetic: DataSource, syntheticPerReal: number): DataSource {
  if (!(syntheticPerReal > 0)) throw new RangeError(`syntheticPerReal must be > 0, got ${syntheticPerReal}.`);
  const [h, w, c] = real.imageShape;
  const [sh, sw, sc] = synthetic.imageShape;
  if (h !== sh || w !== sw || c !== sc) {
    throw new RangeError(`Synthetic images are ${sh}×${sw}×${sc} but the real ones are ${h}×${w}×${c}.`);
  }
  if (synthetic.numClasses !== real.numClasses) {
    throw new RangeError(`Synthetic images have ${synthetic.numClasses} classes but the real ones have ${real.numClasses}.`);
  }
  return {
    size: Math.round(real.size * (1 + syntheticPerReal)),
    imageShape: real.imageShape,
    numClasses: real.numClasses,
    async nextBatch(n: number): Promise<Batch> {
      const nReal = realShare(n, syntheticPerReal);
      const a = await real.nextBatch(nReal);
      if (nReal === n) return a;
      const b = await synthetic.nextBatch(n - nReal);
      try {
        if (!a.labels || !b.labels) throw new RangeError('Mixed batches need labels on both the real and the synthetic side.');
        return tf.tidy(() => ({
          x: tf.concat([a.x, b.x], 0) as tf.Tensor4D,
          labels: tf.concat([tf.cast(a.labels!, 'int32'), tf.cast(b.labels!, 'int32')], 0) as tf.Tensor1D,
        }));
      } finally {
        tf.dispose([a.x, b.x, ...(a.labels ? [a.labels] : []), ...(b.labels ? [b.labels] : [])]);
      }
    },
    dispose() {
      real.dispose?.();
      synthetic.dispose?.();
    },
  };
}
