/**
 * The linear-probe option: a classifier that is a single dense layer on the features of a fixed,
 * already-trained extractor (e.g. featureExtractor(feature CNN) from models/classifier, the FCD
 * feature space). Only the dense layer trains; the extractor is neither changed nor owned: it is
 * not frozen by flipping its `trainable` flag (that would also freeze the classifier it shares
 * layers with), and disposing the probe leaves it intact.
 */
import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../models/init';
import type { ModelBuilder } from './types';

/** Runs a fixed model as a layer with no weights of its own. */
class FixedFeatures extends tf.layers.Layer {
  static className = 'AugmentStudioFixedFeatures';

  constructor(private readonly extractor: tf.LayersModel) {
    super({ name: 'fixed_features', trainable: false });
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const out = this.extractor.outputs[0].shape;
    const batch = (Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[])[0] : (inputShape as tf.Shape))[0];
    return [batch, ...out.slice(1)];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    // predict (inference mode, no dropout/batch-norm updates); gradients are only asked of the
    // probe's dense weights, so none flow into the extractor.
    return this.extractor.predict(x) as tf.Tensor;
  }
}

/** A ModelBuilder for the runner: the same extractor, a fresh seeded dense layer per run. */
export function linearProbeBuilder(extractor: tf.LayersModel): ModelBuilder {
  const featureShape = extractor.outputs[0].shape;
  if (featureShape.length !== 2) {
    throw new RangeError(`A linear probe needs flat features ([batch, d]); this extractor outputs ${JSON.stringify(featureShape)}.`);
  }
  return (seed, inputShape, numClasses) => {
    const want = extractor.inputs[0].shape.slice(1);
    if (want.some((d, i) => d !== null && d !== inputShape[i])) {
      throw new RangeError(`The feature extractor takes ${want.join('×')} images; the data is ${inputShape.join('×')}.`);
    }
    const input = tf.input({ shape: [...inputShape], name: 'probe_image' });
    const features = new FixedFeatures(extractor).apply(input) as tf.SymbolicTensor;
    const logits = tf.layers
      .dense({ name: 'probe_logits', units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'probe_logits') }) })
      .apply(features) as tf.SymbolicTensor;
    return tf.model({ name: 'linear_probe', inputs: input, outputs: logits });
  };
}
