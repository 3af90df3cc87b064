/**
 * Batch-mixing: MixUp, CutMix and a 2x2 Mosaic. A record names its partner samples by id, and
 * partners contribute their *source* pixels (as passed to execute), so a sample regenerates from
 * its own plan plus its partners' source images, whichever batch it runs in. `weights` gives each
 * contributor's share of the output, from which soft labels follow.
 */
import * as tf from '@tensorflow/tfjs';
import type { CounterRng } from '../rng';
import { boxMask, boxToPixels, type Box } from './dropout';
import { translate, scale, chain, toSamplingTransform } from './matrix';
import { draw, num, r6, range, times } from './params';
import { warpBatch } from './warp';
import type { MixTransform, SampleContext } from './types';

/** Gamma(shape, 1) by Marsaglia & Tsang (boosted for shape < 1). */
export function sampleGamma(rng: CounterRng, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(rng: CounterRng, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/** `k` partner ids from the pool, distinct from the sample and each other when the pool allows. */
export function pickPartners(rng: CounterRng, ctx: SampleContext, k: number): string[] {
  const others = ctx.pool.length - (ctx.pool.includes(ctx.sampleId) ? 1 : 0);
  const out: string[] = [];
  for (let j = 0; j < k; j++) {
    let id = ctx.sampleId;
    for (let tries = 0; tries < 64; tries++) {
      const candidate = ctx.pool[rng.int(0, ctx.pool.length - 1)];
      if (candidate === undefined) break;
      if (candidate === ctx.sampleId && others > 0) continue;
      if (out.includes(candidate) && others > out.length) continue;
      id = candidate;
      break;
    }
    out.push(id);
  }
  return out;
}

export interface MixUpParams {
  partner: string;
  /** Share of the sample itself. */
  lambda: number;
}

export const MixUp: MixTransform<MixUpParams> = {
  name: 'MixUp',
  label: 'MixUp',
  description: 'Blends the image with another sample’s source image: λ·x + (1 − λ)·y with λ ~ Beta(α, α); labels mix in the same proportion.',
  family: 'mixing',
  targets: ['image', 'label'],
  kind: 'mix',
  params: { alpha: { kind: 'number', label: 'Alpha', default: 0.4, min: 0.05, max: 10, step: 0.05 } },
  sample: (rng, n, config, ctx) =>
    times(n, () => {
      const [partner] = pickPartners(rng, ctx, 1);
      const a = num(config, 'alpha');
      return { partner, lambda: r6(sampleBeta(rng, a, a)) };
    }),
  partners: (p) => [p.partner],
  apply: (x, [y], params) =>
    tf.tidy(() => {
      const lam = tf.tensor4d(params.map((p) => p.lambda), [params.length, 1, 1, 1]);
      return x.mul(lam).add(y.mul(tf.scalar(1).sub(lam))) as tf.Tensor4D;
    }),
  weights: (p) => [p.lambda, 1 - p.lambda],
};

export interface CutMixParams {
  partner: string;
  /** Region pasted from the partner, fractions [x0, y0, x1, y1]. */
  box: Box;
}

export const CutMix: MixTransform<CutMixParams> = {
  name: 'CutMix',
  label: 'CutMix',
  description: 'Pastes a rectangle of another sample’s source image (area 1 − λ, λ ~ Beta(α, α), clipped at the border); labels mix by the pasted area.',
  family: 'mixing',
  targets: ['image', 'label'],
  kind: 'mix',
  params: { alpha: { kind: 'number', label: 'Alpha', default: 1, min: 0.05, max: 10, step: 0.05 } },
  sample: (rng, n, config, ctx) =>
    times(n, () => {
      const [partner] = pickPartners(rng, ctx, 1);
      const a = num(config, 'alpha');
      const cut = Math.sqrt(1 - sampleBeta(rng, a, a));
      const cx = rng.next();
      const cy = rng.next();
      const c = (v: number) => r6(Math.min(1, Math.max(0, v)));
      return { partner, box: [c(cx - cut / 2), c(cy - cut / 2), c(cx + cut / 2), c(cy + cut / 2)] as Box };
    }),
  partners: (p) => [p.partner],
  apply: (x, [y], params, size) =>
    tf.tidy(() => {
      const m = boxMask(params.map((p) => [p.box]), size, false);
      return x.mul(tf.scalar(1).sub(m)).add(y.mul(m)) as tf.Tensor4D;
    }),
  weights: (p, size) => {
    const [r0, c0, r1, c1] = boxToPixels(p.box, size, false);
    const share = ((r1 - r0) * (c1 - c0)) / (size.height * size.width);
    return [1 - share, share];
  },
};

export interface MosaicParams {
  /** Top-right, bottom-left and bottom-right images (the sample itself is top-left). */
  partners: string[];
  /** Where the four quadrants meet, fractions of width and height. */
  cx: number;
  cy: number;
}

/** Pixel position of the meeting point and the scale that lets every image cover its quadrant. */
function mosaicLayout(p: MosaicParams, W: number, H: number) {
  const X = Math.round(p.cx * W);
  const Y = Math.round(p.cy * H);
  const s = Math.max(X / W, 1 - X / W, Y / H, 1 - Y / H);
  return { X, Y, s };
}

export const Mosaic: MixTransform<MosaicParams> = {
  name: 'Mosaic',
  label: 'Mosaic (2×2)',
  description: 'Tiles four images around a random centre (this sample top-left, three partners’ source images elsewhere), each scaled to cover its quadrant; labels mix by quadrant area.',
  family: 'mixing',
  targets: ['image', 'label'],
  kind: 'mix',
  params: { center: { kind: 'range', label: 'Centre', default: [0.3, 0.7], min: 0.1, max: 0.9, step: 0.01, unit: '× side' } },
  sample: (rng, n, config, ctx) =>
    times(n, () => ({ partners: pickPartners(rng, ctx, 3), cx: draw(rng, range(config, 'center')), cy: draw(rng, range(config, 'center')) })),
  partners: (p) => p.partners,
  apply: (x, partners, params, { height: H, width: W }) =>
    tf.tidy(() => {
      const k = params.length;
      const layouts = params.map((p) => mosaicLayout(p, W, H));
      // Quadrant q's image spans [X − sW, X] or [X, X + sW] across, and likewise down.
      const place = (q: number) =>
        layouts.map(({ X, Y, s }) =>
          toSamplingTransform(chain(scale(s), translate(q % 2 === 0 ? X - s * W : X, q < 2 ? Y - s * H : Y))),
        );
      const settings = { interpolation: 'bilinear', border: 'edge', fill: 0 } as const;
      const quads = [x, ...partners].map((img, q) => warpBatch(img, place(q), settings));
      const col = tf.range(0, W, 1, 'float32').reshape([1, 1, W, 1]);
      const row = tf.range(0, H, 1, 'float32').reshape([1, H, 1, 1]);
      const left = col.less(tf.tensor4d(layouts.map((l) => l.X), [k, 1, 1, 1])).cast('float32');
      const top = row.less(tf.tensor4d(layouts.map((l) => l.Y), [k, 1, 1, 1])).cast('float32');
      const right = tf.scalar(1).sub(left);
      const bottom = tf.scalar(1).sub(top);
      const masks = [left.mul(top), right.mul(top), left.mul(bottom), right.mul(bottom)];
      return tf.addN(quads.map((img, q) => img.mul(masks[q]))) as tf.Tensor4D;
    }),
  weights: (p, { height: H, width: W }) => {
    const { X, Y } = mosaicLayout(p, W, H);
    return [X * Y, (W - X) * Y, X * (H - Y), (W - X) * (H - Y)].map((a) => a / (W * H));
  },
};
