/**
 * Pipelines a user can start from: light, standard classification, heavy, RandAugment(N, M) and
 * TrivialAugment (Wide). RandAugment and TrivialAugment follow torchvision's op lists and
 * magnitudes; two differences are documented in README.md (ops run in pipeline order, and
 * TrivialAugment draws continuous magnitudes instead of 31 bins).
 */
import type { ParamValue } from '../transforms/types';
import { compose, oneOf, pipeline, someOf, transformNode } from './nodes';
import type { Pipeline, PipelineNode } from './types';

export interface PresetOptions {
  /** Working image side in pixels (TrivialAugment's translation is 32 px in torchvision). */
  imageSize?: number;
}

export interface Preset {
  id: string;
  label: string;
  description: string;
  build(options?: PresetOptions): Pipeline;
}

const t = transformNode;

export function lightPreset(): Pipeline {
  return pipeline(
    'preset-light',
    'Light',
    compose('root', [
      t('flip', 'HorizontalFlip', 0.5),
      t('affine', 'Affine', 0.5, { scale: [0.95, 1.05], translateX: [-0.05, 0.05], translateY: [-0.05, 0.05], rotate: [-5, 5] }),
      t('bc', 'BrightnessContrast', 0.3, { brightness: [-0.1, 0.1], contrast: [-0.1, 0.1] }),
    ]),
  );
}

/** Flip, affine (rotate ±15°, scale 0.9–1.1, translate ±10%), brightness/contrast jitter. */
export function standardClassificationPreset(): Pipeline {
  return pipeline(
    'preset-standard',
    'Standard classification',
    compose('root', [
      t('flip', 'HorizontalFlip', 0.5),
      t('affine', 'Affine', 1, { scale: [0.9, 1.1], translateX: [-0.1, 0.1], translateY: [-0.1, 0.1], rotate: [-15, 15] }),
      t('bc', 'BrightnessContrast', 1, { brightness: [-0.2, 0.2], contrast: [-0.2, 0.2] }),
    ]),
  );
}

export function heavyPreset(): Pipeline {
  return pipeline(
    'preset-heavy',
    'Heavy',
    compose('root', [
      t('flip', 'HorizontalFlip', 0.5),
      oneOf(
        'geometry',
        [
          t('affine', 'Affine', 1, { scale: [0.75, 1.25], translateX: [-0.15, 0.15], translateY: [-0.15, 0.15], rotate: [-30, 30], shearX: [-10, 10], shearY: [-10, 10], border: 'reflect101' }),
          t('perspective', 'Perspective', 0.5, { scale: [0.05, 0.12], border: 'reflect101' }),
          t('elastic', 'ElasticTransform', 0.5),
          t('grid', 'GridDistortion', 0.5, { border: 'reflect101' }),
        ],
        0.8,
      ),
      t('crop', 'RandomResizedCrop', 0.3, { scale: [0.5, 1] }),
      t('jitter', 'ColorJitter', 0.8, { brightness: [0.6, 1.4], contrast: [0.6, 1.4], saturation: [0.6, 1.4], hue: [-0.1, 0.1] }),
      t('grey', 'ToGray', 0.1),
      oneOf('degrade', [t('blur', 'GaussianBlur', 1, { sigma: [0.5, 1.5] }), t('motion', 'MotionBlur', 1), t('noise', 'GaussianNoise', 1, { std: [0.02, 0.06] })], 0.5),
      t('jpeg', 'JpegCompression', 0.3, { quality: [30, 90] }),
      t('cutout', 'CoarseDropout', 0.5, { holes: [1, 4], height: [0.05, 0.2], width: [0.05, 0.2] }),
    ]),
  );
}

const warpRA = { interpolation: 'nearest', border: 'constant', fill: 0 } as const;
const fixed = (v: number): [number, number] => [v, v];
const deg = (shearFactor: number) => (Math.atan(shearFactor) * 180) / Math.PI;
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * torchvision's RandAugment / TrivialAugmentWide op space. `max` holds each op's largest
 * magnitude; `at(frac)` builds the op at that fraction of it (negative: the other direction).
 */
function opSpace(wide: boolean, translateFrac: number): Array<{ key: string; signed: boolean; at(id: string, frac: number, range?: [number, number]): PipelineNode }> {
  const shear = wide ? 0.99 : 0.3;
  const rot = wide ? 135 : 30;
  const enh = wide ? 0.99 : 0.9;
  const geo = (id: string, params: Record<string, ParamValue>) => t(id, 'Affine', 1, { scale: [1, 1], translateX: [0, 0], translateY: [0, 0], rotate: [0, 0], ...warpRA, ...params });
  const jitter = (id: string, params: Record<string, ParamValue>) => t(id, 'ColorJitter', 1, { brightness: [1, 1], contrast: [1, 1], saturation: [1, 1], hue: [0, 0], ...params });
  // A range argument (TrivialAugment) replaces the fixed magnitude (RandAugment).
  const v = (frac: number, max: number, range?: [number, number]): [number, number] => (range ? [r4(range[0] * max), r4(range[1] * max)] : fixed(r4(frac * max)));
  return [
    { key: 'identity', signed: false, at: (id) => t(id, 'Identity', 1) },
    { key: 'shearX', signed: true, at: (id, f, r) => geo(id, { shearX: v(f, deg(shear), r) }) },
    { key: 'shearY', signed: true, at: (id, f, r) => geo(id, { shearY: v(f, deg(shear), r) }) },
    { key: 'translateX', signed: true, at: (id, f, r) => geo(id, { translateX: v(f, translateFrac, r) }) },
    { key: 'translateY', signed: true, at: (id, f, r) => geo(id, { translateY: v(f, translateFrac, r) }) },
    { key: 'rotate', signed: true, at: (id, f, r) => geo(id, { rotate: v(f, rot, r) }) },
    { key: 'brightness', signed: true, at: (id, f, r) => jitter(id, { brightness: v(f, enh, r).map((x) => r4(1 + x)) as [number, number] }) },
    { key: 'color', signed: true, at: (id, f, r) => jitter(id, { saturation: v(f, enh, r).map((x) => r4(1 + x)) as [number, number] }) },
    { key: 'contrast', signed: true, at: (id, f, r) => t(id, 'Contrast', 1, { factor: v(f, enh, r).map((x) => r4(1 + x)) as [number, number] }) },
    // torchvision's adjust_sharpness(f) = x + (f − 1)·(8x − Σ8 neighbours)/13: Sharpen with α = (f − 1)/13, lightness 1.
    { key: 'sharpness', signed: true, at: (id, f, r) => t(id, 'Sharpen', 1, { alpha: v(f, enh / 13, r), lightness: [1, 1] }) },
    {
      key: 'posterize',
      signed: false,
      at: (id, f, r) => t(id, 'Posterize', 1, { bits: r ? [wide ? 2 : 4, 8] : fixed(8 - Math.round(f * (wide ? 6 : 4))) }),
    },
    { key: 'solarize', signed: false, at: (id, f, r) => t(id, 'Solarize', 1, { threshold: r ? [0, 1] : fixed(r4(1 - f)) }) },
    { key: 'autocontrast', signed: false, at: (id) => t(id, 'AutoContrast', 1) },
    { key: 'equalize', signed: false, at: (id) => t(id, 'Equalize', 1) },
  ];
}

/**
 * RandAugment (Cubuk et al., torchvision defaults: 31 magnitude bins): `n` ops chosen uniformly
 * with replacement, each at magnitude `m` (0–30), signed ops with a random sign.
 */
export function randAugment(n = 2, m = 9): Pipeline {
  if (!Number.isInteger(n) || n < 1 || n > 14) throw new Error('RandAugment N should be a whole number from 1 to 14.');
  if (!(m >= 0 && m <= 30)) throw new Error('RandAugment M should be from 0 to 30.');
  const translate = 150 / 331;
  const ops = opSpace(false, translate).map((op) =>
    op.signed ? oneOf(`ra-${op.key}`, [op.at(`ra-${op.key}+`, m / 30), op.at(`ra-${op.key}-`, -m / 30)]) : op.at(`ra-${op.key}`, m / 30),
  );
  return pipeline(`preset-randaugment-${n}-${m}`, `RandAugment (N=${n}, M=${m})`, compose('root', [someOf('randaugment', n, ops, 1, true)]));
}

/** TrivialAugment Wide: one op chosen uniformly, at a uniformly random magnitude and sign. */
export function trivialAugment(options: PresetOptions = {}): Pipeline {
  const translate = Math.min(1, 32 / (options.imageSize ?? 224));
  const ops = opSpace(true, r4(translate)).map((op) => op.at(`ta-${op.key}`, 1, op.signed ? [-1, 1] : [0, 1]));
  return pipeline('preset-trivialaugment', 'TrivialAugment', compose('root', [oneOf('trivialaugment', ops)]));
}

export const PRESETS: readonly Preset[] = [
  { id: 'light', label: 'Light', description: 'Flip, a little affine jitter, mild brightness/contrast.', build: lightPreset },
  {
    id: 'standard',
    label: 'Standard classification',
    description: 'Flip; affine (rotate ±15°, scale 0.9–1.1, shift ±10%); brightness and contrast jitter.',
    build: standardClassificationPreset,
  },
  { id: 'heavy', label: 'Heavy', description: 'Strong geometry (one of affine, perspective, elastic, grid), crops, colour jitter, blur/noise, JPEG, cutout.', build: heavyPreset },
  { id: 'randaugment', label: 'RandAugment (N=2, M=9)', description: 'Two ops from the RandAugment list at magnitude 9 of 30.', build: () => randAugment(2, 9) },
  { id: 'trivialaugment', label: 'TrivialAugment', description: 'One op from the TrivialAugment Wide list at a random magnitude.', build: (o) => trivialAugment(o) },
];
