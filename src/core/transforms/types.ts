/**
 * The shape every transform shares: a declaration the UI can render (name, label, parameter
 * schema), a pure `sample` that draws per-image parameters, and a deterministic batched tensor
 * step (`matrix` for geometric warps, `apply` for everything else, `apply` + `weights` for
 * batch-mixing). See src/core/pipeline/README.md for how plan and execute use them.
 */
import type * as tf from '@tensorflow/tfjs';
import type { CounterRng } from '../rng';
import type { Mat3 } from './matrix';

export type Family = 'geometric' | 'photometric' | 'mixing';

/** What a transform changes: the pixels, and (batch-mixing only) the label. */
export type Target = 'image' | 'label';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A configured parameter value: what the pipeline JSON stores for each schema entry. */
export type ParamValue = number | boolean | string | [number, number];

interface ParamBase {
  /** Short label for the UI. */
  label: string;
  /** One sentence for a tooltip. */
  help?: string;
  /** Unit shown after the value ('°', 'px', '% of side', …). */
  unit?: string;
}

/** A single number, fixed for every image. */
export interface NumberParam extends ParamBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  step?: number;
}

/** A single integer, fixed for every image. */
export interface IntParam extends ParamBase {
  kind: 'int';
  default: number;
  min: number;
  max: number;
}

/** A [low, high] interval; each image draws its value uniformly inside it. */
export interface RangeParam extends ParamBase {
  kind: 'range';
  default: [number, number];
  min: number;
  max: number;
  step?: number;
  /** Draw whole numbers (inclusive of both ends). */
  integer?: boolean;
}

export interface EnumParam extends ParamBase {
  kind: 'enum';
  default: string;
  options: readonly string[];
}

export interface BoolParam extends ParamBase {
  kind: 'bool';
  default: boolean;
}

export type ParamSpec = NumberParam | IntParam | RangeParam | EnumParam | BoolParam;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

/** A transform's configuration: every schema key present (defaults filled by validation). */
export type Config = Readonly<Record<string, ParamValue>>;

/** What `sample` may know: nothing about pixels, only identities. */
export interface SampleContext {
  /** The sample being planned. */
  sampleId: string;
  /** Candidate partner ids for batch-mixing transforms (a stable list, e.g. the training split). */
  pool: readonly string[];
}

export interface ImageSize {
  height: number;
  width: number;
}

export interface ApplyContext extends ImageSize {
  channels: number;
}

export type Interpolation = 'nearest' | 'bilinear';
/**
 * How a warp reads outside the image. 'edge' repeats the border pixel (OpenCV BORDER_REPLICATE),
 * 'reflect' mirrors including it (dcba|abcd, BORDER_REFLECT), 'reflect101' mirrors without
 * repeating it (dcb|abcd, BORDER_REFLECT_101), 'wrap' tiles, 'constant' uses `fill`.
 */
export type BorderMode = 'constant' | 'edge' | 'reflect' | 'reflect101' | 'wrap';

export interface WarpSettings {
  interpolation: Interpolation;
  border: BorderMode;
  /** Fill value in [0, 1] for the 'constant' border. */
  fill: number;
}

interface TransformBase<P> {
  /** Stable identifier used in pipeline JSON. */
  name: string;
  label: string;
  /** One line for the UI: what it does, and anything surprising about it. */
  description: string;
  family: Family;
  targets: readonly Target[];
  params: ParamSchema;
  /**
   * A message when the transform cannot run on images with this many channels (e.g. hue needs
   * RGB), or null when it can.
   */
  channelError?(channels: number, config: Config): string | null;
  /**
   * Pure: draws `n` independent per-image parameter records from `rng`. Records are
   * JSON-serialisable and self-contained (they carry the configuration `apply` needs), so a plan
   * replays without the pipeline.
   */
  sample(rng: CounterRng, n: number, config: Config, ctx: SampleContext): P[];
}

/** Geometric transforms that are a projective map: composed per sample into one warp. */
export interface MatrixTransform<P = any> extends TransformBase<P> {
  kind: 'matrix';
  /**
   * Forward 3x3 matrix (row-major) mapping input to output positions in pixel-edge
   * coordinates: x right, y down, the image spanning [0, width] x [0, height], so pixel
   * (row r, column c) has its centre at (c + 0.5, r + 0.5).
   */
  matrix(p: P, size: ImageSize): Mat3;
  /** The warp settings this record asks for; null when any exact resampling will do (flips). */
  warpSettings(p: P): WarpSettings | null;
}

/** Everything that maps a batch to a batch with per-image parameters. */
export interface PixelTransform<P = any> extends TransformBase<P> {
  kind: 'pixel';
  /** Deterministic, batched: `params[i]` belongs to image i of `x`. Returns a new tensor. */
  apply(x: tf.Tensor4D, params: P[], ctx: ApplyContext): tf.Tensor4D;
  /**
   * Parameters that leave an image exactly unchanged, when cheap ones exist: the executor then
   * runs the whole batch in one call instead of gathering the images the transform fired on.
   */
  identity?: P;
  /**
   * For transforms that map every value on its own (brightness, gamma, invert, …): that map, a
   * value in [0, 1] of a channel → the value `apply` gives it (clipped as `apply` clips). The
   * fused 8-bit path (pipeline/fused.ts) folds such steps into per-channel lookup tables.
   */
  tone?(p: P): (v: number, channel: number) => number;
}

/** Batch-mixing: combines an image with the source pixels of other samples (its partners). */
export interface MixTransform<P = any> extends TransformBase<P> {
  kind: 'mix';
  /** The partner sample ids a record needs, in slot order. */
  partners(p: P): string[];
  /** `partners[j]` holds, for each image of `x`, the source pixels of its j-th partner. */
  apply(x: tf.Tensor4D, partners: tf.Tensor4D[], params: P[], ctx: ApplyContext): tf.Tensor4D;
  /** Share of the output that comes from [self, partner 1, …]; sums to 1. */
  weights(p: P, size: ImageSize): number[];
}

export type Transform = MatrixTransform | PixelTransform | MixTransform;
