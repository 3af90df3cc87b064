/**
 * Small helpers shared by transforms: reading a validated configuration, drawing values inside
 * declared ranges, and the schema entries many transforms repeat (border, interpolation, fill).
 */
import type { CounterRng } from '../rng';
import type {
  BorderMode,
  Config,
  EnumParam,
  Interpolation,
  NumberParam,
  ParamSchema,
  ParamValue,
  WarpSettings,
} from './types';

export function num(config: Config, key: string): number {
  const v = config[key];
  if (typeof v !== 'number') throw new Error(`Parameter "${key}" should be a number.`);
  return v;
}

export function range(config: Config, key: string): [number, number] {
  const v = config[key];
  if (!Array.isArray(v)) throw new Error(`Parameter "${key}" should be a [low, high] range.`);
  return v;
}

export function str<T extends string = string>(config: Config, key: string): T {
  const v = config[key];
  if (typeof v !== 'string') throw new Error(`Parameter "${key}" should be a string.`);
  return v as T;
}

export function bool(config: Config, key: string): boolean {
  const v = config[key];
  if (typeof v !== 'boolean') throw new Error(`Parameter "${key}" should be true or false.`);
  return v;
}

/** Rounds to 6 decimals: plans stay short, and execute uses exactly the recorded values. */
export function r6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Uniform inside [lo, hi] (rounded to 6 decimals, so always inside the declared range). */
export function draw(rng: CounterRng, [lo, hi]: readonly [number, number]): number {
  return Math.min(hi, Math.max(lo, r6(rng.uniform(lo, hi))));
}

/** A whole number inside [lo, hi], both ends included. */
export function drawInt(rng: CounterRng, [lo, hi]: readonly [number, number]): number {
  return rng.int(Math.ceil(lo), Math.floor(hi));
}

/** Log-uniform inside [lo, hi] (both positive): fair to ratios like 1/2 and 2. */
export function drawLog(rng: CounterRng, [lo, hi]: readonly [number, number]): number {
  return Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
}

export function times<T>(n: number, f: () => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(f());
  return out;
}

/** A seed for device-side noise, drawn from the plan so execute is deterministic. */
export function drawSeed(rng: CounterRng): number {
  return rng.nextUint32();
}

/** The defaults of a schema, as a configuration. */
export function defaults(schema: ParamSchema): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [key, spec] of Object.entries(schema)) {
    out[key] = Array.isArray(spec.default) ? [spec.default[0], spec.default[1]] : spec.default;
  }
  return out;
}

export const BORDER_MODES: readonly BorderMode[] = ['constant', 'edge', 'reflect', 'reflect101', 'wrap'];

export function borderParam(dflt: BorderMode = 'constant'): EnumParam {
  return {
    kind: 'enum',
    label: 'Border',
    default: dflt,
    options: BORDER_MODES,
    help: 'What fills areas that come from outside the image: a constant, the edge pixel, a mirror image (with or without the edge pixel) or a tiling.',
  };
}

export function interpolationParam(dflt: Interpolation = 'bilinear'): EnumParam {
  return { kind: 'enum', label: 'Interpolation', default: dflt, options: ['bilinear', 'nearest'] };
}

export function fillParam(label = 'Fill value'): NumberParam {
  return { kind: 'number', label, default: 0, min: 0, max: 1, step: 0.01, help: 'Grey level (0 black, 1 white).' };
}

/** The warp schema entries a geometric transform adds to its own. */
export const WARP_SCHEMA = {
  interpolation: interpolationParam(),
  border: borderParam(),
  fill: fillParam('Border fill'),
} as const;

export interface WarpRecord {
  interpolation: Interpolation;
  border: BorderMode;
  fill: number;
}

export function warpRecord(config: Config): WarpRecord {
  return {
    interpolation: str<Interpolation>(config, 'interpolation'),
    border: str<BorderMode>(config, 'border'),
    fill: num(config, 'fill'),
  };
}

export function warpSettingsOf(p: WarpRecord): WarpSettings {
  return { interpolation: p.interpolation, border: p.border, fill: p.fill };
}

export function rgbOnly(label: string): (channels: number) => string | null {
  return (channels) =>
    channels === 3
      ? null
      : `${label} needs RGB images, and this dataset has ${channels} channel${channels === 1 ? ' (greyscale)' : 's'}. Remove it, or use a transform that works on grey images (Brightness, Contrast, Gamma, …).`;
}
