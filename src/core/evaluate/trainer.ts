/** Builds the models/ ClassifierTrainer for one run of the experiment. */
import * as tf from '@tensorflow/tfjs';
import type { ModelSize } from '../models/architecture';
import type { ClassifierConfig } from '../models/classifier';
import { ClassifierTrainer } from '../models/classifierTrainer';
import type { Batch } from '../models/dataSource';

export function createTrainer(model: tf.LayersModel, seed: number, numClasses: number, heldOut?: Batch): ClassifierTrainer {
  const [, h, , c] = model.inputs[0].shape as number[];
  // The trainer reads only the input shape, class count and seed from this config (no checkpoints
  // are taken here), so a custom builder at another resolution (e.g. 8×8 in tests) is fine.
  const config: ClassifierConfig = { kind: 'classifier', variant: 'small-cnn', size: h as ModelSize, channels: c as 1 | 3, numClasses, seed };
  let trainer: ClassifierTrainer | undefined;
  // In tidy: models/adam.ts's constructor leaves its zerosLike initial values undisposed (2 tensors
  // per weight); tidy frees them and keeps the optimizer's variables (tidy never disposes variables).
  tf.tidy(() => {
    trainer = new ClassifierTrainer(model, config, heldOut);
  });
  return trainer!;
}
