import { describe, expect, it } from 'vitest';
import { fromAlbumentations, MAPPINGS, NOT_MAPPED, toAlbumentations } from './albumentations';
import { compose, oneOf, pipeline, someOf, transformNode as t } from './nodes';
import { standardClassificationPreset } from './presets';
import type { Pipeline, PipelineNode } from './types';

/** What Albumentations 2.x `A.to_dict(transform)` writes for a typical pipeline (plus one class we lack). */
const FIXTURE = {
  __version__: '2.0.8',
  transform: {
    __class_fullname__: 'Compose',
    p: 1.0,
    transforms: [
      { __class_fullname__: 'HorizontalFlip', p: 0.5 },
      {
        __class_fullname__: 'Affine',
        p: 0.7,
        scale: { x: [0.9, 1.1], y: [0.9, 1.1] },
        translate_percent: { x: [-0.1, 0.1], y: [-0.05, 0.05] },
        translate_px: null,
        rotate: [-15.0, 15.0],
        shear: { x: [-5.0, 5.0], y: [0.0, 0.0] },
        interpolation: 1,
        mask_interpolation: 0,
        fit_output: false,
        keep_ratio: true,
        rotate_method: 'largest_box',
        balanced_scale: false,
        border_mode: 4,
        fill: 0,
        fill_mask: 0,
      },
      {
        __class_fullname__: 'OneOf',
        p: 0.3,
        transforms: [
          { __class_fullname__: 'GaussianBlur', p: 1.0, blur_limit: [0, 0], sigma_limit: [0.5, 1.5] },
          { __class_fullname__: 'MotionBlur', p: 1.0, blur_limit: [3, 7], allow_shifted: false, angle_range: [0.0, 360.0], direction_range: [-1.0, 1.0] },
        ],
      },
      { __class_fullname__: 'RandomBrightnessContrast', p: 0.5, brightness_limit: [-0.2, 0.2], contrast_limit: [-0.2, 0.2], brightness_by_max: true, ensure_safe_range: false },
      { __class_fullname__: 'HueSaturationValue', p: 0.5, hue_shift_limit: [-20.0, 20.0], sat_shift_limit: [-30.0, 30.0], val_shift_limit: [-20.0, 20.0] },
      { __class_fullname__: 'RandomFog', p: 0.1, fog_coef_range: [0.3, 1.0], alpha_coef: 0.08 },
      { __class_fullname__: 'CoarseDropout', p: 0.5, num_holes_range: [1, 2], hole_height_range: [0.1, 0.2], hole_width_range: [0.1, 0.2], fill: 0, fill_mask: null },
      { __class_fullname__: 'ImageCompression', p: 0.25, quality_range: [50, 90], compression_type: 'jpeg' },
      { __class_fullname__: 'SomeOf', p: 1.0, n: 1, replace: false, transforms: [{ __class_fullname__: 'InvertImg', p: 1.0 }, { __class_fullname__: 'ToGray', p: 1.0, num_output_channels: 3, method: 'weighted_average' }] },
    ],
    bbox_params: null,
    keypoint_params: null,
    additional_targets: {},
    is_check_shapes: true,
  },
};

const stripIds = (n: PipelineNode): unknown => {
  const { id: _id, ...rest } = n as PipelineNode & { children?: PipelineNode[] };
  void _id;
  return n.type === 'transform' ? rest : { ...rest, children: (n as { children: PipelineNode[] }).children.map(stripIds) };
};

type ADict = Record<string, unknown>;

/** Every key we export must agree with Albumentations' own dict (which has more keys). */
function expectAgrees(ours: ADict, theirs: ADict, path = 'transform') {
  expect(ours.__class_fullname__, path).toBe(theirs.__class_fullname__);
  for (const [k, v] of Object.entries(ours)) {
    if (!(k in theirs) || k === 'transforms') continue;
    expect(JSON.stringify(v), `${path}.${k}`).toBe(JSON.stringify(theirs[k]));
  }
  if (Array.isArray(ours.transforms)) {
    const theirsKids = (theirs.transforms as ADict[]).filter((x) => x.__class_fullname__ !== 'RandomFog');
    expect((ours.transforms as ADict[]).length, path).toBe(theirsKids.length);
    (ours.transforms as ADict[]).forEach((c, i) => expectAgrees(c, theirsKids[i], `${path}.transforms[${i}]`));
  }
}

describe('Albumentations import', () => {
  it('imports what it knows, names what it does not, converts units', () => {
    const r = fromAlbumentations(JSON.stringify(FIXTURE));
    expect(r.errors).toEqual([]);
    expect(r.unknownTransforms).toEqual(['RandomFog']);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/"RandomFog" has no equivalent here and was skipped; the rest was imported/);
    const root = r.pipeline!.root;
    expect(root.children.map((c) => (c.type === 'transform' ? c.name : c.type))).toEqual([
      'HorizontalFlip', 'Affine', 'oneOf', 'BrightnessContrast', 'HueSaturationValue', 'CoarseDropout', 'JpegCompression', 'someOf',
    ]);
    const byName = (name: string) => root.children.find((c) => c.type === 'transform' && c.name === name) as { p: number; params: Record<string, unknown> };
    expect(byName('Affine').p).toBe(0.7);
    expect(byName('Affine').params).toMatchObject({ scale: [0.9, 1.1], translateX: [-0.1, 0.1], translateY: [-0.05, 0.05], rotate: [-15, 15], shearX: [-5, 5], keepRatio: true, border: 'reflect101', interpolation: 'bilinear' });
    expect(byName('HueSaturationValue').params).toEqual({ hue: [-40, 40], saturation: [-0.117647059, 0.117647059], value: [-0.078431373, 0.078431373] });
    expect(byName('JpegCompression').params).toEqual({ quality: [50, 90], subsampling: true });
  });

  it('exports back to the same Albumentations JSON (minus the unknown class)', () => {
    const imported = fromAlbumentations(FIXTURE).pipeline!;
    const { json, skipped } = toAlbumentations(imported);
    expect(skipped).toEqual([]);
    expect(json.__version__).toBe('2.0.8');
    expectAgrees(json.transform as ADict, FIXTURE.transform as unknown as ADict);
  });

  it('reads Albumentations 1.x spellings', () => {
    const old = {
      transform: {
        __class_fullname__: 'albumentations.core.composition.Compose',
        p: 1,
        transforms: [
          { __class_fullname__: 'albumentations.augmentations.transforms.Solarize', always_apply: false, p: 0.5, threshold: [128, 128] },
          { __class_fullname__: 'GaussNoise', p: 0.5, var_limit: [10, 50], mean: 0, per_channel: true },
          { __class_fullname__: 'ImageCompression', p: 0.5, quality_lower: 60, quality_upper: 95 },
          { __class_fullname__: 'Rotate', p: 1, always_apply: true, limit: 20, border_mode: 1, value: 255 },
        ],
      },
    };
    const r = fromAlbumentations(old);
    expect(r.errors).toEqual([]);
    const [sol, noise, jpeg, rot] = r.pipeline!.root.children as Array<{ params: Record<string, unknown> }>;
    expect(sol.params.threshold).toEqual([0.501960784, 0.501960784]);
    // sqrt(10) / 255 and sqrt(50) / 255
    expect(noise.params.std).toEqual([0.012401089, 0.027729678]);
    expect(jpeg.params.quality).toEqual([60, 95]);
    expect(rot.params).toMatchObject({ limit: [-20, 20], border: 'edge', fill: 1 });
  });

  it('reports bad input clearly', () => {
    expect(fromAlbumentations('{oops').errors[0].message).toMatch(/not valid JSON/);
    expect(fromAlbumentations({ foo: 1 }).errors[0].message).toMatch(/not Albumentations to_dict\(\) JSON/);
    const tooFar = { transform: { __class_fullname__: 'Compose', p: 1, transforms: [{ __class_fullname__: 'Rotate', p: 1, limit: [-400, 30] }] } };
    expect(fromAlbumentations(tooFar).errors[0].message).toMatch(/Rotate \(node "t\d+"\): parameter "limit" = \[-400, 30\] is outside its allowed range -180 to 180/);
  });
});

describe('Albumentations export', () => {
  it('writes the standard preset as Albumentations would', () => {
    const { json } = toAlbumentations(standardClassificationPreset());
    const tr = json.transform as ADict;
    expect(tr.__class_fullname__).toBe('Compose');
    const [flip, affine, bc] = tr.transforms as ADict[];
    expect(flip).toEqual({ __class_fullname__: 'HorizontalFlip', p: 0.5 });
    expect(affine).toMatchObject({ __class_fullname__: 'Affine', p: 1, rotate: [-15, 15], scale: { x: [0.9, 1.1], y: [0.9, 1.1] }, translate_percent: { x: [-0.1, 0.1], y: [-0.1, 0.1] }, border_mode: 0 });
    expect(bc).toEqual({ __class_fullname__: 'RandomBrightnessContrast', p: 1, brightness_limit: [-0.2, 0.2], contrast_limit: [-0.2, 0.2], brightness_by_max: true });
  });

  it('round-trips every mappable transform: ours → Albumentations → ours', () => {
    const changed: Record<string, Record<string, unknown>> = {
      Rotate: { limit: [-45, 20], border: 'reflect', fill: 0.5, interpolation: 'nearest' },
      Affine: { scale: [0.8, 1.3], keepRatio: false, shearY: [-3, 4], border: 'wrap' },
      HueSaturationValue: { hue: [-30, 10], saturation: [-0.2, 0.1] },
      RGBShift: { r: [-0.1, 0.05] },
      Gamma: { gamma: [0.7, 1.5] },
      CenterCrop: { size: 0.75 },
      CoarseDropout: { fillMode: 'random' },
      Solarize: { threshold: [0.3, 0.8] },
      CLAHE: { clipLimit: [2, 3], tiles: 4 },
      RandomCrop: { size: 0.5, padding: 0 },
    };
    const mapped = MAPPINGS.map((m) => m.ours);
    const nodes = mapped.map((name, i) => t(`n${i}`, name, 0.5, (changed[name] ?? {}) as never));
    const p: Pipeline = pipeline('x', 'x', compose('root', [oneOf('g1', nodes.slice(0, 4), 0.8), someOf('g2', 2, nodes.slice(4, 8), 0.9), ...nodes.slice(8)]));
    const out = toAlbumentations(p, { imageSize: 64 });
    expect(out.skipped).toEqual([]);
    const back = fromAlbumentations(out.json, { imageSize: 64 });
    expect(back.errors).toEqual([]);
    expect(back.unknownTransforms).toEqual([]);
    expect(stripIds(back.pipeline!.root)).toEqual(stripIds(p.root));
  });

  it('leaves out what Albumentations cannot express, saying why', () => {
    const p = pipeline('x', 'x', compose('root', [t('m', 'MixUp', 0.5), t('c', 'RandomResizedCrop', 1), t('pad', 'RandomCrop', 1), t('f', 'VerticalFlip', 1)]));
    const { json, skipped } = toAlbumentations(p);
    expect(((json.transform as ADict).transforms as ADict[]).map((x) => x.__class_fullname__)).toEqual(['VerticalFlip']);
    const text = skipped.map((s) => s.message).join('\n');
    expect(text).toContain(`MixUp (node "m") was not exported: ${NOT_MAPPED.MixUp}.`);
    expect(text).toMatch(/RandomResizedCrop \(node "c"\) was not exported: the working image size is needed/);
    expect(text).toMatch(/RandomCrop with padding has no single Albumentations equivalent/);
  });
});

describe('Albumentations scalars', () => {
  it('reads ColorJitter scalars as torchvision does', () => {
    const r = fromAlbumentations({ transform: { __class_fullname__: 'Compose', p: 1, transforms: [
      { __class_fullname__: 'ColorJitter', p: 1, brightness: 0.2, contrast: 0.3, saturation: 0.4, hue: 0.1 },
      { __class_fullname__: 'ColorJitter', p: 1, brightness: 0, contrast: 0.3, saturation: 0, hue: 0 },
    ] } });
    const [cj, c] = r.pipeline!.root.children as Array<{ name: string; params: Record<string, unknown> }>;
    expect(cj.params).toMatchObject({ brightness: [0.8, 1.2], contrast: [0.7, 1.3], saturation: [0.6, 1.4], hue: [-0.1, 0.1] });
    expect(c.name).toBe('Contrast');
    expect(c.params).toEqual({ factor: [0.7, 1.3] });
  });
});

describe('documentation', () => {
  it('README lists every mapping and every transform', async () => {
    const { readFileSync } = await import('node:fs');
    const { TRANSFORMS } = await import('../transforms/registry');
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const m of MAPPINGS) expect(readme, m.ours).toContain(`| ${m.ours} | ${m.theirs} | ${m.note} |`);
    for (const t of TRANSFORMS) expect(readme, t.name).toMatch(new RegExp(`\\n\\| ${t.name} \\| ${t.family} \\| ${t.kind} \\|`));
  });
});
