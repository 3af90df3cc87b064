/**
 * Classifier training, for the Evaluate tab and for the FCD feature CNN (whose protocol fixes
 * Adam 1e-3, batch 64, 10 epochs: FCD_PROTOCOL in classifier.ts). Reports loss and accuracy per
 * step and held-out loss and accuracy per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam';
import { FCD_PROTOCOL, type ClassifierConfig } from './classifier';
import type { Batch } from './dataSource';
import { TrainingError } from './errors';
import { crossEntropy } from './losses';
import { Trainer, describeShape, type BaseSettings, type StepLosses } from './trainer';

export interface ClassifierSettings extends BaseSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
}

export function classifierSettings(overrides: Partial<ClassifierSettings> = {}): ClassifierSettings {
  return {
    batchSize: FCD_PROTOCOL.batchSize,
    epochs: FCD_PROTOCOL.epochs,
    learningRate: FCD_PROTOCOL.learningRate,
    beta1: 0.9,
    beta2: 0.999,
    readEvery: 20,
    sampleEvery: 0,
    ...overrides,
  };
}

const EVAL_CHUNK = 256;

export class ClassifierTrainer extends Trainer<ClassifierSettings> {
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly seed: number;
  readonly optimizer: Adam;
  private readonly vars: tf.Variable[];

  constructor(
    readonly model: tf.LayersModel,
    readonly config: ClassifierConfig,
    private readonly heldOut?: Batch,
  ) {
    super();
    this.inputShape = [config.size, config.size, config.channels];
    this.numClasses = config.numClasses;
    this.seed = config.seed;
    this.vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.optimizer = new Adam(this.vars);
    if (heldOut) {
      const want = [heldOut.x.shape[0], ...this.inputShape];
      if (heldOut.x.shape.some((d, i) => d !== want[i]) || !heldOut.labels) {
        throw new TrainingError('shape-mismatch', `Held-out data must be ${describeShape(want)} images with labels.`);
      }
    }
  }

  protected trainStep(batch: Batch, s: ClassifierSettings): StepLosses {
    if (!batch.labels) throw new TrainingError('shape-mismatch', 'A classifier needs labels with every batch.');
    return tf.tidy(() => {
      let logits: tf.Tensor2D | undefined;
      const { value, grads } = tf.variableGrads(() => {
        logits = tf.keep(this.model.apply(batch.x, { training: true }) as tf.Tensor2D);
        return crossEntropy(logits, batch.labels!);
      }, this.vars);
      this.optimizer.apply(grads, { learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2 });
      const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits!, 1), tf.cast(batch.labels!, 'int32')), 'float32')) as tf.Scalar;
      logits!.dispose();
      return { loss: value, accuracy };
    });
  }

  protected async evaluateHeldOut(): Promise<Record<string, number> | undefined> {
    if (!this.heldOut) return undefined;
    const { loss, accuracy } = await evaluateClassifier(this.model, this.heldOut);
    return { heldOutLoss: loss, heldOutAccuracy: accuracy };
  }

  protected renderSamples(): null {
    return null;
  }

  checkpointParts() {
    return { config: this.config, models: { classifier: this.model }, optimizers: { classifier: this.optimizer } };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Mean cross-entropy and accuracy over a labelled set, in chunks. */
export async function evaluateClassifier(model: tf.LayersModel, data: Batch): Promise<{ loss: number; accuracy: number }> {
  const total = data.x.shape[0];
  const sums: tf.Tensor[] = [];
  for (let start = 0; start < total; start += EVAL_CHUNK) {
    const count = Math.min(EVAL_CHUNK, total - start);
    sums.push(
      tf.tidy(() => {
        const x = tf.slice(data.x, [start, 0, 0, 0], [count, -1, -1, -1]);
        const y = tf.slice(data.labels!, [start], [count]) as tf.Tensor1D;
        const logits = model.predict(x) as tf.Tensor2D;
        const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(y, 'int32')), 'float32'));
        return tf.stack([tf.mul(crossEntropy(logits, y), count), correct]);
      }),
    );
  }
  const summed = tf.addN(sums);
  const [loss, correct] = Array.from(await summed.data());
  tf.dispose([...sums, summed]);
  return { loss: loss / total, accuracy: correct / total };
}
