import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageRecord, WorkingFormat } from '../dataset/types';
import { compose, pipeline, plan, standardClassificationPreset, transformNode as t, type Pipeline } from '../pipeline';
import { batchToPixels, pixelsToBatch, regenerateAugmented, type RegenerateIo } from './regenerate';
import { record } from './test-fixtures';

const FORMAT: WorkingFormat = { size: 6, channels: 3, fit: 'letterbox', background: '#000000' };
const PER = FORMAT.size * FORMAT.size * FORMAT.channels;

/** Distinct, position-dependent pixels per source, so any permutation shows. */
function sourcePixels(k: number): Uint8Array {
  return Uint8Array.from({ length: PER }, (_, i) => (i * 7 + k * 29 + ((i * i) % 13)) % 256);
}

const SOURCES = Array.from({ length: 6 }, (_, k) => record({ id: `src-${k}`, label: k % 2 ? 'cat' : 'dog' }));
const PIXELS = new Map(SOURCES.map((r, k) => [r.id, sourcePixels(k)]));

function augmented(p: Pipeline, seed: number, sources: readonly ImageRecord[], variant: number, pool = SOURCES.map((s) => s.id)): ImageRecord[] {
  const plans = plan(p, seed, sources.map((s) => s.id), variant, { pool });
  return sources.map((s, i) =>
    record({ id: `${s.id}~${p.id}~v${variant}`, label: s.label, kind: 'augmented', derivedFrom: s.id, recipe: { pipelineId: p.id, seed, variant, plan: plans[i] } }),
  );
}

function io(extra: readonly ImageRecord[] = []): RegenerateIo & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    byId: new Map([...SOURCES, ...extra].map((r) => [r.id, r])),
    async readStored(records) {
      const out = new Uint8Array(records.length * PER);
      records.forEach((r, i) => {
        reads.push(r.id);
        const px = PIXELS.get(r.id);
        if (!px) throw new Error(`no stored pixels for ${r.id}`);
        out.set(px, i * PER);
      });
      return out;
    },
  };
}

/** Reference: the pixel at (x, y) after the plan's flips and quarter turns, by index arithmetic. */
function flipRotate(px: Uint8Array, steps: Array<{ name: string; params: unknown }>): Uint8Array {
  const n = FORMAT.size;
  let cur = px;
  for (const s of steps) {
    const next = new Uint8Array(PER);
    const turns = s.name === 'RandomRotate90' ? (s.params as { turns: number }).turns : 0;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        // Output (x, y) reads input (sx, sy).
        let sx = x;
        let sy = y;
        if (s.name === 'HorizontalFlip') sx = n - 1 - x;
        else if (s.name === 'VerticalFlip') sy = n - 1 - y;
        else {
          // Counter-clockwise quarter turns (numpy.rot90): out[y][x] = in[x][n-1-y] per turn.
          for (let k = 0; k < turns; k++) [sx, sy] = [n - 1 - sy, sx];
        }
        for (let c = 0; c < 3; c++) next[(y * n + x) * 3 + c] = cur[(sy * n + sx) * 3 + c];
      }
    }
    cur = next;
  }
  return cur;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('regenerateAugmented', () => {
  it('8-bit pixels survive the float round trip exactly', async () => {
    const px = Uint8Array.from({ length: 256 * 3 }, (_, i) => i % 256);
    const batch = pixelsToBatch(px, 1, { size: 16, channels: 3 });
    expect(await batchToPixels(batch)).toEqual(px);
    batch.dispose();
  });

  it('flips and quarter turns move exactly the pixels the plan says', async () => {
    const p = pipeline('geo', 'geo', compose('root', [t('h', 'HorizontalFlip', 0.5), t('v', 'VerticalFlip', 0.5), t('r', 'RandomRotate90', 1)]));
    const recs = [...augmented(p, 11, SOURCES, 0), ...augmented(p, 11, SOURCES, 1)];
    const plans = recs.map((r) => (r.recipe as { plan: { steps: Array<{ name: string; params: unknown }> } }).plan);
    // The draws cover more than one case, so the comparison is not trivially the identity.
    expect(new Set(plans.map((pl) => JSON.stringify(pl.steps))).size).toBeGreaterThan(2);
    const out = await regenerateAugmented(FORMAT, recs, io(recs));
    recs.forEach((r, i) => {
      const expected = flipRotate(PIXELS.get(r.derivedFrom!)!, plans[i].steps);
      expect(out.subarray(i * PER, (i + 1) * PER), r.id).toEqual(expected);
    });
  });

  it('Invert gives 255 − x exactly', async () => {
    const p = pipeline('inv', 'inv', compose('root', [t('i', 'Invert', 1)]));
    const recs = augmented(p, 3, SOURCES.slice(0, 2), 0);
    const out = await regenerateAugmented(FORMAT, recs, io(recs));
    expect(out.subarray(0, PER)).toEqual(PIXELS.get('src-0')!.map((v) => 255 - v));
    expect(out.subarray(PER)).toEqual(PIXELS.get('src-1')!.map((v) => 255 - v));
  });

  it('a record regenerates to the same bytes alone as in a batch (standard preset)', async () => {
    const p = standardClassificationPreset();
    const recs = [...augmented(p, 42, SOURCES, 0), ...augmented(p, 42, SOURCES, 1)];
    const all = await regenerateAugmented(FORMAT, recs, io(recs));
    for (const i of [0, 5, 7, 11]) {
      const alone = await regenerateAugmented(FORMAT, [recs[i]], io(recs));
      expect(alone, recs[i].id).toEqual(all.subarray(i * PER, (i + 1) * PER));
    }
    // And the augmentation did something.
    expect(all.subarray(0, PER)).not.toEqual(PIXELS.get('src-0'));
  });

  it('mixing partners outside the batch are read from storage; alone equals in a batch', async () => {
    const p = pipeline('mix', 'mix', compose('root', [t('m', 'MixUp', 1)]));
    const recs = augmented(p, 5, SOURCES, 0);
    const all = await regenerateAugmented(FORMAT, recs, io(recs));
    const lone = io(recs);
    const alone = await regenerateAugmented(FORMAT, [recs[2]], lone);
    expect(alone).toEqual(all.subarray(2 * PER, 3 * PER));
    const partner = (recs[2].recipe as { plan: { steps: Array<{ params: { partner: string; lambda: number } }> } }).plan.steps[0].params;
    expect(lone.reads).toContain(partner.partner);
    // λ·x + (1 − λ)·y, rounded: within one level of the exact blend.
    const x = PIXELS.get('src-2')!;
    const y = PIXELS.get(partner.partner)!;
    const worst = Math.max(...Array.from(alone, (v, i) => Math.abs(v - (partner.lambda * x[i] + (1 - partner.lambda) * y[i]))));
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
  });

  it('an image augmented from an augmented image regenerates through its chain', async () => {
    const inv = pipeline('inv', 'inv', compose('root', [t('i', 'Invert', 1)]));
    const flip = pipeline('flip', 'flip', compose('root', [t('h', 'HorizontalFlip', 1)]));
    const [first] = augmented(inv, 1, SOURCES.slice(0, 1), 0);
    const [second] = augmented(flip, 1, [first], 0, [first.id]);
    const out = await regenerateAugmented(FORMAT, [second], io([first, second]));
    const expected = flipRotate(PIXELS.get('src-0')!.map((v) => 255 - v), [{ name: 'HorizontalFlip', params: {} }]);
    expect(out).toEqual(expected);
  });

  it('says which image cannot be regenerated when its source is gone or its plan is missing', async () => {
    const p = pipeline('geo', 'geo', compose('root', [t('h', 'HorizontalFlip', 1)]));
    const [rec] = augmented(p, 1, SOURCES.slice(0, 1), 0);
    const orphan = { ...rec, id: 'orphan', derivedFrom: 'gone' };
    await expect(regenerateAugmented(FORMAT, [orphan], io([orphan]))).rejects.toThrow(/“gone” is no longer in the workspace/);
    const noPlan = { ...rec, id: 'np', recipe: { pipelineId: 'p', seed: 1, variant: 0, plan: null } };
    await expect(regenerateAugmented(FORMAT, [noPlan], io([noPlan]))).rejects.toThrow(/np .* holds no usable plan/);
  });

  it('leaves no tensors behind', async () => {
    const p = standardClassificationPreset();
    const recs = augmented(p, 9, SOURCES, 0);
    await regenerateAugmented(FORMAT, recs, io(recs));
    const before = tf.memory().numTensors;
    await regenerateAugmented(FORMAT, recs, io(recs));
    expect(tf.memory().numTensors).toBe(before);
  });
});
