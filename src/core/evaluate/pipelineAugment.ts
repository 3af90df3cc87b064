/**
 * The augment function the train worker passes to the runner: the augment engine's plan +
 * execute on each training batch, keyed by (seed, step), so an arm's augmentations are the same
 * on every machine and a run can be replayed.
 *
 * The classifier here trains on hard labels, so batch-mixing transforms (MixUp, CutMix, Mosaic),
 * whose labels are shares of several classes, are switched off (kept in the pipeline, disabled,
 * so every other node draws exactly what it would draw with them on); `notes` says so.
 */
import { execute, leaves, plan, type Pipeline, type PipelineNode } from '../pipeline';
import { getTransform } from '../transforms';
import type { AugmentFn } from './types';

export interface PipelineAugment {
  augment: AugmentFn;
  /** For ExperimentResult notes and the report. */
  notes: string[];
  /** The pipeline as run (mixing transforms disabled). */
  pipeline: Pipeline;
}

function withoutMixing(node: PipelineNode, disabled: string[]): PipelineNode {
  if (node.type === 'transform') {
    if (node.enabled !== false && getTransform(node.name)?.kind === 'mix') {
      disabled.push(node.name);
      return { ...node, enabled: false };
    }
    return node;
  }
  return { ...node, children: node.children.map((c) => withoutMixing(c, disabled)) };
}

/** Sample ids of the images of one training batch: unique per (step, position). */
export function batchSampleIds(step: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `evaluate-${step}-${i}`);
}

export function pipelineAugment(pipeline: Pipeline, options: { variant?: number } = {}): PipelineAugment {
  const disabled: string[] = [];
  const root = withoutMixing(pipeline.root, disabled) as Pipeline['root'];
  const runnable: Pipeline = { ...pipeline, root };
  const notes =
    disabled.length > 0
      ? [`${[...new Set(disabled)].join(', ')} ${disabled.length > 1 ? 'were' : 'was'} switched off for this experiment: the classifier trains on one label per image.`]
      : [];
  if (leaves(root).every((l) => l.enabled === false)) notes.push('The augmentation pipeline has no active transform: the augmented arm trains on the real images as they are.');
  const augment: AugmentFn = (batch, seed, step) => {
    const plans = plan(runnable, seed, batchSampleIds(step, batch.shape[0]), options.variant ?? 0);
    return execute(batch, plans).images;
  };
  return { augment, notes, pipeline: runnable };
}
