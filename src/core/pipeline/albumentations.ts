/**
 * Albumentations interop: to and from the JSON that `A.to_dict(transform)` writes and
 * `A.from_dict` reads ({"__version__", "transform": {"__class_fullname__": "Compose", …}}), for
 * the transforms both sides have. Parameter names follow Albumentations 2.x (1.x spellings are
 * read too where they are unambiguous). Units differ in places (Albumentations states colour
 * shifts and fill values in 8-bit units, crop sizes in pixels); the conversions are in the
 * mapping table below and in README.md. Importing an unknown class names it and imports the rest.
 */
import { getTransform } from '../transforms/registry';
import { defaults, r6 } from '../transforms/params';
import type { BorderMode, Config, Interpolation, ParamValue } from '../transforms/types';
import type { GroupNode, Issue, Pipeline, PipelineNode, TransformNode, ValidationResult } from './types';
import { PIPELINE_VERSION } from './types';
import { validatePipeline } from './validate';

export const ALBUMENTATIONS_VERSION = '2.0.8';

export interface AlbumentationsOptions {
  /**
   * The working image side in pixels. Albumentations sizes crops in pixels; without this, crops
   * cannot be converted and are reported instead.
   */
  imageSize?: number;
}

type ADict = Record<string, unknown>;

interface Ctx extends AlbumentationsOptions {
  warn(message: string): void;
}

const BORDERS: BorderMode[] = ['constant', 'edge', 'reflect', 'wrap', 'reflect101'];
const borderCode = (b: BorderMode) => BORDERS.indexOf(b);
const interpCode = (i: Interpolation) => (i === 'nearest' ? 0 : 1);

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A value Albumentations allows as a number (symmetric ±v, or [v, v] when `fixed`) or a pair. */
function pair(v: unknown, fallback: [number, number], fixed = false): [number, number] {
  if (typeof v === 'number') return fixed ? [v, v] : [-Math.abs(v), Math.abs(v)];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0], v[1]];
  return fallback;
}

/** Albumentations' {x: …, y: …} dicts (Affine scale, translate_percent, shear) or a shared value. */
function xy(v: unknown, fallback: [number, number], fixed: boolean): { x: [number, number]; y: [number, number] } {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as ADict;
    return { x: pair(o.x, fallback, fixed), y: pair(o.y, fallback, fixed) };
  }
  const both = v === null || v === undefined ? fallback : pair(v, fallback, fixed);
  return { x: both, y: both };
}

/** Rounds to 9 decimals: unit conversions on import keep enough digits to export back exactly. */
const r9 = (v: number) => Math.round(v * 1e9) / 1e9;
/** Export conversions round to 6 decimals (Albumentations' 8-bit units); imports to 9. */
/** ColorJitter's factors: a scalar v means [max(0, 1 − v), 1 + v] (torchvision), a pair is itself. */
function jitter(v: unknown, fallback: [number, number]): [number, number] {
  if (typeof v === 'number') return [Math.max(0, 1 - v), 1 + v];
  return pair(v, fallback, true);
}

const scaleRange = (r: readonly number[], k: number): [number, number] => [r6(r[0] * k), r6(r[1] * k)];
const importRange = (r: readonly number[], k: number): [number, number] => [r9(r[0] * k), r9(r[1] * k)];

function importInterp(a: ADict, ctx: Ctx): Interpolation {
  const code = a.interpolation;
  if (code === undefined || code === 1) return 'bilinear';
  if (code === 0) return 'nearest';
  ctx.warn(`interpolation ${String(code)} (cubic, area or Lanczos) is imported as bilinear.`);
  return 'bilinear';
}

function importBorder(a: ADict, dflt: BorderMode): BorderMode {
  const code = a.border_mode ?? a.mode;
  return typeof code === 'number' && BORDERS[code] ? BORDERS[code] : dflt;
}

/** Albumentations fills are in the image's units: 8-bit values assumed. */
function importFill(a: ADict, ctx: Ctx, key = 'fill'): number {
  let v = a[key] ?? a.value ?? a.cval;
  if (Array.isArray(v)) {
    const list: unknown[] = v;
    if (!list.every((x) => x === list[0])) ctx.warn(`a per-channel fill ${JSON.stringify(list)} is imported as its first value.`);
    v = list[0];
  }
  return typeof v === 'number' ? Math.min(1, Math.max(0, r9(v / 255))) : 0;
}

function warpExport(c: Config): ADict {
  return { interpolation: interpCode(c.interpolation as Interpolation), border_mode: borderCode(c.border as BorderMode), fill: r6((c.fill as number) * 255) };
}

function warpImport(a: ADict, ctx: Ctx, dflt: BorderMode = 'constant'): Record<string, ParamValue> {
  return { interpolation: importInterp(a, ctx), border: importBorder(a, dflt), fill: importFill(a, ctx) };
}

function needSize(ctx: Ctx, what: string): number | null {
  if (ctx.imageSize) return ctx.imageSize;
  ctx.warn(`${what} sizes crops in pixels: give the working image size to convert it.`);
  return null;
}

interface Mapping {
  ours: string;
  theirs: string;
  /** Also read under these class names. */
  aliases?: string[];
  /** Albumentations parameters, or a reason the configuration cannot be expressed there. */
  toA(c: Config, ctx: Ctx): ADict | string;
  /** Our parameters (missing ones take defaults), or null to skip the node. */
  fromA(a: ADict, ctx: Ctx): Record<string, ParamValue> | null;
  /** For the README table: units and semantics that differ. */
  note: string;
}

const none = () => ({});

export const MAPPINGS: Mapping[] = [
  { ours: 'HorizontalFlip', theirs: 'HorizontalFlip', toA: none, fromA: none, note: 'exact' },
  { ours: 'VerticalFlip', theirs: 'VerticalFlip', toA: none, fromA: none, note: 'exact' },
  { ours: 'RandomRotate90', theirs: 'RandomRotate90', toA: none, fromA: none, note: 'exact (numpy.rot90 direction)' },
  {
    ours: 'Rotate',
    theirs: 'Rotate',
    toA: (c) => ({ limit: c.limit, ...warpExport(c), rotate_method: 'largest_box', crop_border: false }),
    fromA: (a, ctx) => {
      if (a.crop_border === true) ctx.warn('Rotate crop_border is not supported; the frame keeps its size with borders filled.');
      return { limit: pair(a.limit, [-90, 90]), ...warpImport(a, ctx) };
    },
    note: 'limit in degrees, positive counter-clockwise on both sides; fill ×255; crop_border not supported',
  },
  {
    ours: 'Affine',
    theirs: 'Affine',
    toA: (c) => ({
      scale: { x: c.scale, y: c.scale },
      translate_percent: { x: c.translateX, y: c.translateY },
      rotate: c.rotate,
      shear: { x: c.shearX, y: c.shearY },
      keep_ratio: c.keepRatio,
      fit_output: false,
      ...warpExport(c),
    }),
    fromA: (a, ctx) => {
      const s = xy(a.scale, [1, 1], true);
      if (s.x[0] !== s.y[0] || s.x[1] !== s.y[1]) ctx.warn('Affine with different x and y scale ranges is imported with the x range for both.');
      let t = xy(a.translate_percent, [0, 0], true);
      if (a.translate_percent == null && a.translate_px != null) {
        const size = needSize(ctx, 'Affine translate_px');
        const px = xy(a.translate_px, [0, 0], true);
        t = size ? { x: importRange(px.x, 1 / size), y: importRange(px.y, 1 / size) } : { x: [0, 0], y: [0, 0] };
      }
      const sh = xy(a.shear, [0, 0], false);
      if (a.fit_output === true) ctx.warn('Affine fit_output is not supported; the frame keeps its size.');
      return {
        scale: s.x,
        keepRatio: a.keep_ratio === true,
        translateX: t.x,
        translateY: t.y,
        rotate: pair(a.rotate, [0, 0]),
        shearX: sh.x,
        shearY: sh.y,
        ...warpImport(a, ctx),
      };
    },
    note: 'same composition (scale, rotate, shear, translate about the centre); translate_percent as fractions, translate_px converted with the image size; one scale range for x and y; fit_output not supported',
  },
  {
    ours: 'Perspective',
    theirs: 'Perspective',
    toA: (c) => ({ scale: c.scale, keep_size: true, fit_output: false, ...warpExport(c) }),
    fromA: (a, ctx) => {
      if (a.keep_size === false || a.fit_output === true) ctx.warn('Perspective keep_size=False / fit_output=True are not supported; the image keeps its size.');
      return { scale: pair(a.scale, [0.05, 0.1], true), ...warpImport(a, ctx) };
    },
    note: 'keep_size=True, fit_output=False only',
  },
  {
    ours: 'RandomResizedCrop',
    theirs: 'RandomResizedCrop',
    toA: (c, ctx) => {
      const size = needSize(ctx, 'RandomResizedCrop');
      if (!size) return 'the working image size is needed for its output size';
      return { size: [size, size], scale: c.scale, ratio: c.ratio, interpolation: interpCode(c.interpolation as Interpolation) };
    },
    fromA: (a, ctx) => ({ scale: pair(a.scale, [0.08, 1], true), ratio: pair(a.ratio, [0.75, 4 / 3], true), interpolation: importInterp(a, ctx) }),
    note: 'output size = the working size (Albumentations size/height/width are ignored on import)',
  },
  {
    ours: 'CenterCrop',
    theirs: 'CenterCrop',
    toA: (c, ctx) => {
      const size = needSize(ctx, 'CenterCrop');
      if (!size) return 'the working image size is needed to express the crop in pixels';
      const side = Math.round((c.size as number) * size);
      return { height: side, width: side };
    },
    fromA: (a, ctx) => {
      const size = needSize(ctx, 'CenterCrop');
      if (!size) return null;
      if (a.height !== a.width) ctx.warn('CenterCrop with height ≠ width is imported as a square crop of the height.');
      return { size: r9(Math.min(1, num(a.height, size) / size)) };
    },
    note: 'height/width in pixels ↔ fraction of the working size; ours resizes the crop back to the working size (add A.Resize after it in Python for the same output)',
  },
  {
    ours: 'RandomCrop',
    theirs: 'RandomCrop',
    toA: (c, ctx) => {
      if ((c.padding as number) > 0) return 'RandomCrop with padding has no single Albumentations equivalent (A.PadIfNeeded + A.RandomCrop)';
      const size = needSize(ctx, 'RandomCrop');
      if (!size) return 'the working image size is needed to express the crop in pixels';
      const side = Math.round((c.size as number) * size);
      return { height: side, width: side };
    },
    fromA: (a, ctx) => {
      const size = needSize(ctx, 'RandomCrop');
      if (!size) return null;
      return { size: r9(Math.min(1, num(a.height, size) / size)), padding: 0 };
    },
    note: 'only without padding; pixels ↔ fraction; ours resizes back to the working size',
  },
  {
    ours: 'ElasticTransform',
    theirs: 'ElasticTransform',
    toA: (c) => ({ alpha: c.alpha, sigma: c.sigma, approximate: false, same_dxdy: false, noise_distribution: 'gaussian', ...warpExport(c) }),
    fromA: (a, ctx) => {
      if (a.same_dxdy === true) ctx.warn('ElasticTransform same_dxdy is not supported (x and y fields are independent).');
      return { alpha: num(a.alpha, 1), sigma: num(a.sigma, 50), ...warpImport(a, ctx, 'reflect101') };
    },
    note: 'alpha and sigma in pixels on both sides',
  },
  {
    ours: 'GridDistortion',
    theirs: 'GridDistortion',
    toA: (c) => ({ num_steps: c.numSteps, distort_limit: c.distortLimit, normalized: true, ...warpExport(c) }),
    fromA: (a, ctx) => {
      if (a.normalized === false) ctx.warn('GridDistortion normalized=False is imported as normalised (the frame stays covered).');
      return { numSteps: num(a.num_steps, 5), distortLimit: pair(a.distort_limit, [-0.3, 0.3]), ...warpImport(a, ctx) };
    },
    note: 'normalized=True semantics',
  },
  {
    ours: 'Brightness',
    theirs: 'RandomBrightnessContrast',
    toA: (c) => ({ brightness_limit: c.limit, contrast_limit: [0, 0], brightness_by_max: true }),
    fromA: (a) => ({ limit: pair(a.brightness_limit, [-0.2, 0.2]) }),
    note: 'exported as RandomBrightnessContrast with contrast_limit [0, 0]; imported back as Brightness',
  },
  {
    ours: 'BrightnessContrast',
    theirs: 'RandomBrightnessContrast',
    toA: (c) => ({ brightness_limit: c.brightness, contrast_limit: c.contrast, brightness_by_max: true }),
    fromA: (a, ctx) => {
      if (a.brightness_by_max === false) ctx.warn('RandomBrightnessContrast brightness_by_max=False is imported as by-max (offsets in units of full scale).');
      return { brightness: pair(a.brightness_limit, [-0.2, 0.2]), contrast: pair(a.contrast_limit, [-0.2, 0.2]) };
    },
    note: 'exact for brightness_by_max=True',
  },
  {
    ours: 'Contrast',
    theirs: 'ColorJitter',
    toA: (c) => ({ brightness: [1, 1], contrast: c.factor, saturation: [1, 1], hue: [0, 0] }),
    fromA: (a) => ({ factor: jitter(a.contrast, [0.8, 1.2]) }),
    note: 'exported as ColorJitter with only contrast (same torchvision blend with the mean grey); imported back as Contrast',
  },
  {
    ours: 'Gamma',
    theirs: 'RandomGamma',
    toA: (c) => ({ gamma_limit: scaleRange(c.gamma as number[], 100) }),
    fromA: (a) => ({ gamma: importRange(pair(a.gamma_limit, [80, 120], true), 1 / 100) }),
    note: 'gamma_limit is ×100',
  },
  {
    ours: 'HueSaturationValue',
    theirs: 'HueSaturationValue',
    toA: (c) => ({ hue_shift_limit: scaleRange(c.hue as number[], 0.5), sat_shift_limit: scaleRange(c.saturation as number[], 255), val_shift_limit: scaleRange(c.value as number[], 255) }),
    fromA: (a) => ({
      hue: importRange(pair(a.hue_shift_limit, [-20, 20]), 2),
      saturation: importRange(pair(a.sat_shift_limit, [-30, 30]), 1 / 255),
      value: importRange(pair(a.val_shift_limit, [-20, 20]), 1 / 255),
    }),
    note: "Albumentations' 8-bit units: hue in OpenCV units (2° each), saturation and value out of 255",
  },
  {
    ours: 'ColorJitter',
    theirs: 'ColorJitter',
    toA: (c, ctx) => {
      if (c.randomOrder === false) ctx.warn('ColorJitter with a fixed order is exported as Albumentations ColorJitter, which always shuffles the order.');
      return { brightness: c.brightness, contrast: c.contrast, saturation: c.saturation, hue: c.hue };
    },
    fromA: (a) => ({
      brightness: jitter(a.brightness, [0.8, 1.2]),
      contrast: jitter(a.contrast, [0.8, 1.2]),
      saturation: jitter(a.saturation, [0.8, 1.2]),
      hue: pair(a.hue, [-0.5, 0.5]),
    }),
    note: 'torchvision semantics on both sides (a scalar v reads as [1 − v, 1 + v], hue h as [−h, h]); Albumentations always shuffles the order',
  },
  {
    ours: 'ToGray',
    theirs: 'ToGray',
    toA: () => ({ num_output_channels: 3, method: 'weighted_average' }),
    fromA: (a, ctx) => {
      if (a.method !== undefined && a.method !== 'weighted_average') ctx.warn(`ToGray method "${String(a.method)}" is imported as the weighted average (BT.601 luma).`);
      return {};
    },
    note: 'weighted_average (BT.601) only',
  },
  { ours: 'Invert', theirs: 'InvertImg', toA: none, fromA: none, note: 'exact' },
  {
    ours: 'Posterize',
    theirs: 'Posterize',
    toA: (c) => ({ num_bits: c.bits }),
    fromA: (a) => ({ bits: pair(a.num_bits, [4, 4], true) }),
    note: 'exact (same bits on every channel)',
  },
  {
    ours: 'Solarize',
    theirs: 'Solarize',
    toA: (c) => ({ threshold_range: c.threshold }),
    fromA: (a) => ({ threshold: a.threshold_range !== undefined ? pair(a.threshold_range, [0.5, 0.5], true) : importRange(pair(a.threshold, [128, 128], true), 1 / 255) }),
    note: 'threshold_range as a fraction of full scale (1.x threshold out of 255 is read too)',
  },
  {
    ours: 'Equalize',
    theirs: 'Equalize',
    toA: (c) => ({ mode: 'cv', by_channels: c.byChannels }),
    fromA: (a, ctx) => {
      if (a.mode === 'pil') ctx.warn('Equalize mode "pil" is imported as OpenCV equalisation.');
      return { byChannels: a.by_channels !== false };
    },
    note: 'mode "cv"',
  },
  {
    ours: 'CLAHE',
    theirs: 'CLAHE',
    toA: (c) => ({ clip_limit: c.clipLimit, tile_grid_size: [c.tiles, c.tiles] }),
    fromA: (a, ctx) => {
      const t = Array.isArray(a.tile_grid_size) ? (a.tile_grid_size as number[]) : [8, 8];
      if (t[0] !== t[1]) ctx.warn('CLAHE with a non-square tile grid is imported with its first size.');
      return { clipLimit: pair(a.clip_limit, [1, 4], false).map(Math.abs).sort((x, y) => x - y) as [number, number], tiles: t[0] };
    },
    note: 'square tile grids; on RGB both equalise L of Lab',
  },
  {
    ours: 'AutoContrast',
    theirs: 'AutoContrast',
    toA: () => ({ cutoff: 0, method: 'pil' }),
    fromA: (a, ctx) => {
      if (num(a.cutoff, 0) !== 0 || a.method === 'cdf') ctx.warn('AutoContrast is imported as a plain min–max stretch (cutoff 0).');
      return {};
    },
    note: 'min–max stretch (PIL, cutoff 0)',
  },
  {
    ours: 'RGBShift',
    theirs: 'RGBShift',
    toA: (c) => ({ r_shift_limit: scaleRange(c.r as number[], 255), g_shift_limit: scaleRange(c.g as number[], 255), b_shift_limit: scaleRange(c.b as number[], 255) }),
    fromA: (a) => ({
      r: importRange(pair(a.r_shift_limit, [-20, 20]), 1 / 255),
      g: importRange(pair(a.g_shift_limit, [-20, 20]), 1 / 255),
      b: importRange(pair(a.b_shift_limit, [-20, 20]), 1 / 255),
    }),
    note: 'shifts out of 255 in Albumentations',
  },
  { ours: 'ChannelShuffle', theirs: 'ChannelShuffle', toA: none, fromA: none, note: 'exact' },
  {
    ours: 'GaussianNoise',
    theirs: 'GaussNoise',
    toA: (c) => ({ std_range: c.std, mean_range: c.mean, per_channel: c.perChannel, noise_scale_factor: 1 }),
    fromA: (a, ctx) => {
      if (num(a.noise_scale_factor, 1) !== 1) ctx.warn('GaussNoise noise_scale_factor is imported as 1 (full-resolution noise).');
      if (a.std_range === undefined && a.var_limit !== undefined) {
        const v = pair(a.var_limit, [10, 50], true);
        return { std: [r9(Math.sqrt(v[0]) / 255), r9(Math.sqrt(v[1]) / 255)], mean: [r9(num(a.mean, 0) / 255), r9(num(a.mean, 0) / 255)], perChannel: a.per_channel !== false };
      }
      return { std: pair(a.std_range, [0.2, 0.44], true), mean: pair(a.mean_range, [0, 0], true), perChannel: a.per_channel !== false };
    },
    note: 'std_range/mean_range as fractions of full scale (1.x var_limit in 8-bit variance is converted)',
  },
  {
    ours: 'SaltAndPepper',
    theirs: 'SaltAndPepper',
    toA: (c) => ({ amount: c.amount, salt_vs_pepper: c.saltVsPepper }),
    fromA: (a) => ({ amount: pair(a.amount, [0.01, 0.06], true), saltVsPepper: pair(a.salt_vs_pepper, [0.4, 0.6], true) }),
    note: 'exact',
  },
  {
    ours: 'GaussianBlur',
    theirs: 'GaussianBlur',
    toA: (c) => ({ blur_limit: [0, 0], sigma_limit: c.sigma }),
    fromA: (a, ctx) => {
      const k = pair(a.blur_limit, [0, 0], true);
      if (k[0] !== 0 || k[1] !== 0) ctx.warn('GaussianBlur blur_limit is ignored: the kernel size follows sigma (as blur_limit 0 does).');
      return { sigma: pair(a.sigma_limit, [0.5, 3], true) };
    },
    note: 'kernel size from sigma (blur_limit 0)',
  },
  {
    ours: 'MotionBlur',
    theirs: 'MotionBlur',
    toA: (c) => ({ blur_limit: c.size, angle_range: c.angle, direction_range: c.direction, allow_shifted: false }),
    fromA: (a) => ({ size: pair(a.blur_limit, [3, 7], true), angle: pair(a.angle_range, [0, 360], true), direction: pair(a.direction_range, [-1, 1], true) }),
    note: 'line kernel through the centre (allow_shifted=False)',
  },
  {
    ours: 'Sharpen',
    theirs: 'Sharpen',
    toA: (c, ctx) => {
      if ((c.alpha as number[])[0] < 0) ctx.warn('Sharpen with a negative amount (softening) is outside Albumentations’ range [0, 1].');
      return { alpha: c.alpha, lightness: c.lightness, method: 'kernel' };
    },
    fromA: (a, ctx) => {
      if (a.method === 'gaussian') ctx.warn('Sharpen method "gaussian" is imported as the kernel method.');
      return { alpha: pair(a.alpha, [0.2, 0.5], true), lightness: pair(a.lightness, [0.5, 1], true) };
    },
    note: 'method "kernel"',
  },
  {
    ours: 'JpegCompression',
    theirs: 'ImageCompression',
    toA: (c, ctx) => {
      if (c.subsampling === false) ctx.warn('JPEG without chroma subsampling is exported as ImageCompression, which uses OpenCV’s default 4:2:0.');
      return { compression_type: 'jpeg', quality_range: c.quality };
    },
    fromA: (a, ctx) => {
      if (a.compression_type === 'webp' || a.compression_type === 1) ctx.warn('ImageCompression with WebP is imported as JPEG.');
      const q = a.quality_range !== undefined ? pair(a.quality_range, [99, 100], true) : ([num(a.quality_lower, 99), num(a.quality_upper, 100)] as [number, number]);
      return { quality: q, subsampling: true };
    },
    note: 'JPEG with 4:2:0 subsampling (WebP imported as JPEG); 1.x quality_lower/upper read too',
  },
  {
    ours: 'CoarseDropout',
    theirs: 'CoarseDropout',
    toA: (c) => ({
      num_holes_range: c.holes,
      hole_height_range: c.height,
      hole_width_range: c.width,
      fill: c.fillMode === 'random' ? 'random' : r6((c.fill as number) * 255),
    }),
    fromA: (a, ctx) => {
      const frac = (v: unknown, key: string): [number, number] | null => {
        const r = pair(v, [0.1, 0.2], true);
        if (r[1] <= 1 && !(Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[1] === 1)) return r;
        const size = needSize(ctx, `CoarseDropout ${key} in pixels`);
        return size ? importRange(r, 1 / size) : null;
      };
      const height = frac(a.hole_height_range ?? a.max_height, 'hole_height_range');
      const width = frac(a.hole_width_range ?? a.max_width, 'hole_width_range');
      if (!height || !width) return null;
      const holes = a.num_holes_range !== undefined ? pair(a.num_holes_range, [1, 2], true) : ([num(a.min_holes, num(a.max_holes, 8)), num(a.max_holes, 8)] as [number, number]);
      const random = a.fill === 'random' || a.fill === 'random_uniform' || a.fill_value === 'random';
      if (typeof a.fill === 'string' && !random) ctx.warn(`CoarseDropout fill "${a.fill}" (inpainting) is imported as black.`);
      return { holes, height, width, fillMode: random ? 'random' : 'constant', fill: random ? 0 : importFill(a, ctx, a.fill !== undefined ? 'fill' : 'fill_value') };
    },
    note: 'hole sizes as fractions (pixel sizes converted with the image size); fill ×255 or "random"',
  },
  {
    ours: 'RandomErasing',
    theirs: 'Erasing',
    toA: (c) => ({ scale: c.scale, ratio: c.ratio, fill: c.fillMode === 'random' ? 'random' : r6((c.fill as number) * 255) }),
    fromA: (a, ctx) => {
      const random = a.fill === 'random' || a.fill === 'random_uniform';
      return { scale: pair(a.scale, [0.02, 0.33], true), ratio: pair(a.ratio, [0.3, 3.3], true), fillMode: random ? 'random' : 'constant', fill: random ? 0 : importFill(a, ctx) };
    },
    note: 'torchvision RandomErasing semantics; fill ×255 or "random"',
  },
  { ours: 'Identity', theirs: 'NoOp', toA: none, fromA: none, note: 'exact' },
];

/** Transforms with no Albumentations counterpart, and why. */
export const NOT_MAPPED: Record<string, string> = {
  MixUp: 'Albumentations has no batch MixUp (it works on one image at a time)',
  CutMix: 'Albumentations has no batch CutMix',
  Mosaic: 'Albumentations Mosaic takes its extra images from metadata, which a pipeline file cannot carry',
};

const BY_OURS = new Map(MAPPINGS.map((m) => [m.ours, m]));
/** Albumentations class → mapping; where two of ours share a class, the general one (listed last) wins. */
const BY_THEIRS = new Map(MAPPINGS.flatMap((m) => [m.theirs, ...(m.aliases ?? [])].map((c) => [c, m] as const)));

function shortName(cls: unknown): string {
  return typeof cls === 'string' ? cls.slice(cls.lastIndexOf('.') + 1) : '';
}

// ——— export ———

export interface AlbumentationsExport {
  json: ADict;
  /** Nodes that could not be exported, with the reason (they are left out). */
  skipped: Issue[];
  warnings: Issue[];
}

export function toAlbumentations(p: Pipeline, options: AlbumentationsOptions = {}): AlbumentationsExport {
  const skipped: Issue[] = [];
  const warnings: Issue[] = [];
  const convert = (n: PipelineNode, path: string): ADict | null => {
    if (n.enabled === false) return null;
    const ctx: Ctx = { ...options, warn: (message) => warnings.push({ severity: 'warning', path, message: `Node "${n.id}": ${message}` }) };
    if (n.type === 'transform') {
      const m = BY_OURS.get(n.name);
      const out = m ? m.toA(n.params, ctx) : NOT_MAPPED[n.name] ?? 'no Albumentations equivalent';
      if (typeof out === 'string') {
        skipped.push({ severity: 'warning', path, message: `${n.name} (node "${n.id}") was not exported: ${out}.` });
        return null;
      }
      return { __class_fullname__: m!.theirs, p: n.p, ...out };
    }
    const transforms = n.children.map((c, i) => convert(c, `${path}.children[${i}]`)).filter((c): c is ADict => c !== null);
    if (n.type === 'oneOf') return { __class_fullname__: 'OneOf', p: n.p, transforms };
    if (n.type === 'someOf') return { __class_fullname__: 'SomeOf', p: n.p, n: Math.min(n.n, n.replace ? n.n : transforms.length), replace: n.replace, transforms };
    return { __class_fullname__: 'Compose', p: n.p, transforms };
  };
  let root = convert(p.root, 'root') ?? { __class_fullname__: 'Compose', p: 1, transforms: [] };
  if (root.__class_fullname__ !== 'Compose') root = { __class_fullname__: 'Compose', p: 1, transforms: [root] };
  Object.assign(root, { bbox_params: null, keypoint_params: null, additional_targets: {}, is_check_shapes: true });
  return { json: { __version__: ALBUMENTATIONS_VERSION, transform: root }, skipped, warnings };
}

// ——— import ———

export function fromAlbumentations(input: unknown, options: AlbumentationsOptions & { id?: string; name?: string } = {}): ValidationResult {
  const warnings: Issue[] = [];
  const unknown: string[] = [];
  let counter = 0;
  const fail = (message: string): ValidationResult => ({ pipeline: null, errors: [{ severity: 'error', path: '', message }], warnings, unknownTransforms: unknown });
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch (err) {
      return fail(`The Albumentations file is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }
  if (!input || typeof input !== 'object') return fail('An Albumentations pipeline should be the JSON object A.to_dict() writes.');
  const top = input as ADict;
  const rootDict = (top.transform ?? top) as ADict;
  if (!rootDict || typeof rootDict !== 'object' || !('__class_fullname__' in rootDict)) {
    return fail('This is not Albumentations to_dict() JSON: no "transform" with a "__class_fullname__".');
  }

  const convert = (a: unknown, path: string): PipelineNode | null => {
    if (!a || typeof a !== 'object') {
      warnings.push({ severity: 'warning', path, message: `Skipped an entry that is not a transform object at ${path}.` });
      return null;
    }
    const d = a as ADict;
    const cls = shortName(d.__class_fullname__);
    const p = d.always_apply === true ? 1 : num(d.p, 1);
    const ctx: Ctx = { ...options, warn: (message) => warnings.push({ severity: 'warning', path, message: `${cls}: ${message}` }) };
    if (cls === 'Compose' || cls === 'Sequential' || cls === 'OneOf' || cls === 'SomeOf' || cls === 'OneOrOther') {
      const list = Array.isArray(d.transforms) ? d.transforms : [];
      const children = list.map((c, i) => convert(c, `${path}.transforms[${i}]`)).filter((c): c is PipelineNode => c !== null);
      const id = `g${++counter}`;
      if (cls === 'OneOf' || cls === 'OneOrOther') return { id, type: 'oneOf', p, children };
      if (cls === 'SomeOf') {
        const replace = d.replace === true;
        return { id, type: 'someOf', p, n: Math.min(num(d.n, 1), replace ? Infinity : children.length), replace, children };
      }
      return { id, type: 'compose', p, children };
    }
    let m = BY_THEIRS.get(cls);
    // Shared class names: a one-effect configuration comes back as our single-effect transform.
    if (cls === 'RandomBrightnessContrast' && isZero(d.contrast_limit)) m = BY_OURS.get('Brightness');
    if (cls === 'ColorJitter' && isOne(jitter(d.brightness, [0, 0])) && isOne(jitter(d.saturation, [0, 0])) && isZero(pair(d.hue, [1, 1]))) m = BY_OURS.get('Contrast');
    if (!m) {
      const name = cls || String(d.__class_fullname__);
      if (!unknown.includes(name)) unknown.push(name);
      warnings.push({ severity: 'warning', path, message: `Albumentations transform "${name}" has no equivalent here and was skipped; the rest was imported.` });
      return null;
    }
    const params = m.fromA(d, ctx);
    if (params === null) {
      warnings.push({ severity: 'warning', path, message: `${cls} was skipped: it could not be converted (see the note before).` });
      return null;
    }
    const t = getTransform(m.ours)!;
    const node: TransformNode = { id: `t${++counter}`, type: 'transform', name: m.ours, p, params: { ...defaults(t.params), ...params } };
    return node;
  };

  const root = convert(rootDict, 'transform');
  if (!root) return fail('The Albumentations pipeline has no transform this app can import.');
  const group: GroupNode = root.type === 'transform' ? { id: `g${++counter}`, type: 'compose', p: 1, children: [root] } : root;
  const result = validatePipeline({ version: PIPELINE_VERSION, id: options.id ?? 'albumentations-import', name: options.name ?? 'Imported from Albumentations', root: group });
  return { ...result, warnings: [...warnings, ...result.warnings], unknownTransforms: [...unknown, ...result.unknownTransforms] };
}

function isZero(v: unknown): boolean {
  return Array.isArray(v) ? v.every((x) => x === 0) : v === 0;
}

function isOne(v: unknown): boolean {
  return Array.isArray(v) ? v.every((x) => x === 1) : v === 1;
}
