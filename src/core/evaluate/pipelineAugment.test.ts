import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose, pipeline, standardClassificationPreset, transformNode } from '../pipeline';
import { pipelineAugment } from './pipelineAugment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const batch = () => tf.tidy(() => tf.linspace(0, 1, 4 * 8 * 8).reshape([4, 8, 8, 1]) as tf.Tensor4D);

describe('pipeline augment', () => {
  it('runs the augment engine on the batch, deterministic in (seed, step), leaving no tensors', async () => {
    const { augment, notes } = pipelineAugment(standardClassificationPreset());
    expect(notes).toEqual([]);
    const x = batch();
    const before = tf.memory().numTensors;
    const a = await augment(x, 1, 0);
    const again = await augment(x, 1, 0);
    const otherStep = await augment(x, 1, 1);
    const otherSeed = await augment(x, 2, 0);
    expect(a.shape).toEqual([4, 8, 8, 1]);
    const [va, vAgain, vStep, vSeed, vx] = await Promise.all([a, again, otherStep, otherSeed, x].map((t) => t.data()));
    expect(Array.from(vAgain)).toEqual(Array.from(va));
    expect(Array.from(vStep)).not.toEqual(Array.from(va));
    expect(Array.from(vSeed)).not.toEqual(Array.from(va));
    expect(Array.from(va)).not.toEqual(Array.from(vx));
    tf.dispose([a, again, otherStep, otherSeed]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('switches batch-mixing transforms off and says so; other nodes are kept as they are', async () => {
    const p = pipeline(
      'p',
      'with mixup',
      compose('root', [transformNode('flip', 'HorizontalFlip', 1), transformNode('mix', 'MixUp', 1)]),
    );
    const { augment, notes, pipeline: runnable } = pipelineAugment(p);
    expect(notes[0]).toMatch(/^MixUp was switched off for this experiment/);
    const mix = (runnable.root.children as Array<{ id: string; enabled?: boolean }>).find((c) => c.id === 'mix')!;
    expect(mix.enabled).toBe(false);
    // The flip still runs (p = 1): the output is the mirror image.
    const x = batch();
    const y = await augment(x, 3, 0);
    const mirror = tf.reverse(x, 2);
    expect(Array.from(await y.data())).toEqual(Array.from(await mirror.data()));
    tf.dispose([x, y, mirror]);
  });
});
