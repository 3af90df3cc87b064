/**
 * "Originals + augmentation": the workspace's current augmentation pipeline (the one the Augment
 * tab saves in IndexedDB) applied to every training batch on the training backend, planned with a
 * seed derived from the global step, so a resumed run draws the same augmentations an
 * uninterrupted one would have. The pipeline engine loads only when this mode is used.
 */
import type * as tf from '@tensorflow/tfjs';
import { TrainingError } from '../../src/core/models';
import { hashKey } from '../../src/core/rng';
import { getObject } from '../shared/db';

/** The id the Augment tab saves its current pipeline under (workers/augment/pipelines.ts). */
const WORKSPACE_PIPELINE = 'workspace-pipeline';

export interface BatchAugmenter {
  name: string;
  /** Notes for the user (e.g. mixing transforms under a conditional model). */
  notes: string[];
  apply(x: tf.Tensor4D, step: number): tf.Tensor4D;
}

export async function loadAugmenter(channels: number, conditional: boolean): Promise<BatchAugmenter> {
  const { validatePipeline, checkChannels, plan, execute, leaves } = await import('../../src/core/pipeline');
  const saved = await getObject<unknown>(WORKSPACE_PIPELINE);
  if (saved === undefined) {
    throw new TrainingError('bad-config', 'There is no augmentation pipeline in this workspace yet. Build one in the Augment tab, or train on originals only.');
  }
  const { pipeline, errors } = validatePipeline(saved);
  if (!pipeline) throw new TrainingError('bad-config', `The workspace's augmentation pipeline is not valid: ${errors.map((e) => e.message).join(' ')}`);
  const channelIssues = checkChannels(pipeline, channels);
  if (channelIssues.length > 0) {
    throw new TrainingError('bad-config', `The augmentation pipeline cannot run on these ${channels === 1 ? 'grey' : 'colour'} images: ${channelIssues.map((i) => i.message).join(' ')}`);
  }
  const notes: string[] = [];
  const mixing = leaves(pipeline.root).filter((n) => n.enabled !== false && ['MixUp', 'CutMix', 'Mosaic'].includes(n.name));
  if (conditional && mixing.length > 0) {
    notes.push(`${mixing.map((n) => n.name).join(', ')} blend images of different classes; a conditional model sees each blend with its own image's label.`);
  }
  const seed = pipeline.seed ?? 0;
  return {
    name: pipeline.name || pipeline.id,
    notes,
    apply(x, step) {
      const ids = Array.from({ length: x.shape[0] }, (_, i) => `train:${i}`);
      // Partners of mixing steps come from the same batch (the pool defaults to the batch ids).
      const plans = plan(pipeline, hashKey(seed, 'train-step', step), ids);
      return execute(x, plans).images;
    },
  };
}
