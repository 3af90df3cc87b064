import { describe, expect, it } from 'vitest';
import { CounterRng } from '../rng';
import { defaults } from './params';
import { TRANSFORMS } from './registry';
import type { Config, ParamValue } from './types';

type Rec = Record<string, unknown>;
/** Fails unless v is a number in [lo, hi] (plain check: called hundreds of thousands of times). */
const within = (v: unknown, [lo, hi]: [number, number], eps = 1e-9) => {
  if (typeof v !== 'number' || !(v >= lo - eps && v <= hi + eps)) expect.fail(`${String(v)} is outside [${lo}, ${hi}]`);
};
const R = (c: Config, k: string) => c[k] as [number, number];

/** For every transform: how its records relate to the configuration's declared ranges. */
const CHECKS: Record<string, (c: Config, r: Rec) => void> = {
  HorizontalFlip: () => {},
  VerticalFlip: () => {},
  RandomRotate90: (_c, r) => expect([0, 1, 2, 3]).toContain(r.turns),
  Rotate: (c, r) => within(r.angle, R(c, 'limit')),
  Affine: (c, r) => {
    within(r.scaleX, R(c, 'scale'));
    within(r.scaleY, R(c, 'scale'));
    if (c.keepRatio) expect(r.scaleY).toBe(r.scaleX);
    within(r.translateX, R(c, 'translateX'));
    within(r.translateY, R(c, 'translateY'));
    within(r.angle, R(c, 'rotate'));
    within(r.shearX, R(c, 'shearX'));
    within(r.shearY, R(c, 'shearY'));
  },
  Perspective: (_c, r) => (r.corners as number[]).forEach((v) => within(v, [0, 0.32])),
  RandomResizedCrop: (c, r) => {
    const [x, y, w, h] = [r.x, r.y, r.w, r.h] as number[];
    within(x + w, [0, 1], 1e-6);
    within(y + h, [0, 1], 1e-6);
    const [s0, s1] = R(c, 'scale');
    const [q0, q1] = R(c, 'ratio');
    // Either a drawn box (area and ratio in range) or the centred fallback.
    const drawn = w * h >= s0 - 1e-4 && w * h <= s1 + 1e-4 && w / h >= q0 - 1e-3 && w / h <= q1 + 1e-3;
    expect(drawn || (Math.abs(x - (1 - w) / 2) < 1e-6 && Math.abs(y - (1 - h) / 2) < 1e-6)).toBe(true);
  },
  CenterCrop: (c, r) => expect(r.size).toBe(c.size),
  RandomCrop: (c, r) => {
    const span: [number, number] = [-(c.padding as number), 1 + (c.padding as number) - (c.size as number)];
    within(r.x, span);
    within(r.y, span);
  },
  ElasticTransform: (c, r) => {
    expect(r.alpha).toBe(c.alpha);
    expect(Number.isInteger(r.seed)).toBe(true);
  },
  GridDistortion: (c, r) => {
    for (const s of [...(r.xsteps as number[]), ...(r.ysteps as number[])]) within(s - 1, R(c, 'distortLimit'));
    expect(r.xsteps as number[]).toHaveLength(c.numSteps as number);
  },
  Brightness: (c, r) => within(r.beta, R(c, 'limit')),
  Contrast: (c, r) => within(r.factor, R(c, 'factor')),
  BrightnessContrast: (c, r) => {
    within(r.beta, R(c, 'brightness'));
    within((r.alpha as number) - 1, R(c, 'contrast'));
  },
  Gamma: (c, r) => within(r.gamma, R(c, 'gamma')),
  HueSaturationValue: (c, r) => {
    within(r.hue, R(c, 'hue'));
    within(r.saturation, R(c, 'saturation'));
    within(r.value, R(c, 'value'));
  },
  ColorJitter: (c, r) => {
    for (const k of ['brightness', 'contrast', 'saturation', 'hue']) within(r[k], R(c, k));
    expect([...(r.order as number[])].sort()).toEqual([0, 1, 2, 3]);
  },
  ToGray: () => {},
  Invert: () => {},
  Posterize: (c, r) => {
    within(r.bits, R(c, 'bits'));
    expect(Number.isInteger(r.bits)).toBe(true);
  },
  Solarize: (c, r) => within(r.threshold, R(c, 'threshold')),
  Equalize: (c, r) => expect(r.byChannels).toBe(c.byChannels),
  CLAHE: (c, r) => within(r.clipLimit, R(c, 'clipLimit')),
  AutoContrast: () => {},
  RGBShift: (c, r) => (r.shift as number[]).forEach((v, i) => within(v, R(c, 'rgb'[i]))),
  ChannelShuffle: (_c, r) => expect([...(r.perm as number[])].sort()).toEqual([0, 1, 2]),
  GaussianNoise: (c, r) => {
    within(r.std, R(c, 'std'));
    within(r.mean, R(c, 'mean'));
  },
  SaltAndPepper: (c, r) => {
    within(r.amount, R(c, 'amount'));
    within(r.salt, R(c, 'saltVsPepper'));
  },
  GaussianBlur: (c, r) => within(r.sigma, R(c, 'sigma')),
  MotionBlur: (c, r) => {
    within(r.size, R(c, 'size'));
    expect((r.size as number) % 2).toBe(1);
    within(r.angle, R(c, 'angle'));
    within(r.direction, R(c, 'direction'));
  },
  Sharpen: (c, r) => {
    within(r.alpha, R(c, 'alpha'));
    within(r.lightness, R(c, 'lightness'));
  },
  JpegCompression: (c, r) => {
    within(r.quality, R(c, 'quality'));
    expect(Number.isInteger(r.quality)).toBe(true);
  },
  CoarseDropout: (c, r) => {
    const boxes = r.boxes as number[][];
    within(boxes.length, R(c, 'holes'));
    for (const [x0, y0, x1, y1] of boxes) {
      within(x1 - x0, R(c, 'width'), 1e-5);
      within(y1 - y0, R(c, 'height'), 1e-5);
      [x0, y0, x1, y1].forEach((v) => within(v, [0, 1]));
    }
  },
  RandomErasing: (c, r) => {
    for (const [x0, y0, x1, y1] of r.boxes as number[][]) {
      within((x1 - x0) * (y1 - y0), R(c, 'scale'), 1e-4);
      [x0, y0, x1, y1].forEach((v) => within(v, [0, 1]));
    }
  },
  Identity: () => {},
  MixUp: (_c, r) => within(r.lambda, [0, 1]),
  CutMix: (_c, r) => (r.box as number[]).forEach((v) => within(v, [0, 1])),
  Mosaic: (c, r) => {
    within(r.cx, R(c, 'center'));
    within(r.cy, R(c, 'center'));
    expect(new Set(r.partners as string[]).size).toBe(3);
  },
};

/** A second configuration per transform: every range narrowed to a sub-interval of its bounds. */
function narrowed(c: Config, schema: (typeof TRANSFORMS)[number]['params']): Config {
  const out: Record<string, ParamValue> = { ...c };
  for (const [k, spec] of Object.entries(schema)) {
    if (spec.kind !== 'range') continue;
    const span = spec.max - spec.min;
    let lo = spec.min + 0.6 * span;
    let hi = spec.min + 0.8 * span;
    if (spec.integer) [lo, hi] = [Math.ceil(lo), Math.max(Math.ceil(lo), Math.floor(hi))];
    out[k] = [lo, hi];
  }
  return out;
}

describe('every transform samples inside its declared ranges', () => {
  it('has a check for every registered transform', () => {
    expect(TRANSFORMS.map((t) => t.name).sort()).toEqual(Object.keys(CHECKS).sort());
  });

  for (const t of TRANSFORMS) {
    it(`${t.name}: 500 draws, default and narrowed configurations`, () => {
      const ctx = { sampleId: 'me', pool: ['me', 'a', 'b', 'c', 'd', 'e'] };
      for (const config of [defaults(t.params), narrowed(defaults(t.params), t.params)]) {
        const rng = new CounterRng(1, t.name);
        const records = t.sample(rng, 500, config, ctx) as Rec[];
        expect(records).toHaveLength(500);
        records.forEach((r) => CHECKS[t.name](config, r));
        // Pure: the same stream gives the same records; they survive JSON.
        expect(t.sample(new CounterRng(1, t.name), 500, config, ctx)).toEqual(records);
        expect(JSON.parse(JSON.stringify(records))).toEqual(records);
      }
    });
  }

  it('declares sensible schemas: defaults inside [min, max], labels present', () => {
    for (const t of TRANSFORMS) {
      expect(t.label.length).toBeGreaterThan(0);
      for (const [k, spec] of Object.entries(t.params)) {
        expect(spec.label.length, `${t.name}.${k}`).toBeGreaterThan(0);
        if (spec.kind === 'range') {
          expect(spec.default[0], `${t.name}.${k}`).toBeGreaterThanOrEqual(spec.min);
          expect(spec.default[1], `${t.name}.${k}`).toBeLessThanOrEqual(spec.max);
          expect(spec.default[0]).toBeLessThanOrEqual(spec.default[1]);
        }
        if (spec.kind === 'number' || spec.kind === 'int') {
          expect(spec.default).toBeGreaterThanOrEqual(spec.min);
          expect(spec.default).toBeLessThanOrEqual(spec.max);
        }
        if (spec.kind === 'enum') expect(spec.options).toContain(spec.default);
      }
    }
  });
});
