/**
 * Validation and normalisation of pipeline JSON. Errors (wrong structure, out-of-range
 * parameters) reject the pipeline, each with a message naming the node, the parameter and its
 * allowed range. Unknown transform names are not errors: those nodes are dropped, named in
 * `unknownTransforms` and a warning, and the rest is imported.
 */
import { getTransform } from '../transforms/registry';
import type { ParamSpec, ParamValue } from '../transforms/types';
import type { GroupNode, Issue, Pipeline, PipelineNode, TransformNode, ValidationResult } from './types';
import { PIPELINE_VERSION } from './types';

const GROUP_TYPES = ['compose', 'oneOf', 'someOf'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

class Checker {
  errors: Issue[] = [];
  warnings: Issue[] = [];
  unknown: string[] = [];
  ids = new Map<string, string>();

  error(path: string, message: string) {
    this.errors.push({ severity: 'error', path, message });
  }

  warn(path: string, message: string) {
    this.warnings.push({ severity: 'warning', path, message });
  }

  node(v: unknown, path: string): PipelineNode | null {
    if (!isObject(v)) {
      this.error(path, `${path} should be a node object ({ "type": …, … }), got ${show(v)}.`);
      return null;
    }
    const type = v.type;
    const where = (label: string) => `${label}${typeof v.id === 'string' ? ` (node "${v.id}")` : ''} at ${path}`;
    let id = typeof v.id === 'string' && v.id !== '' ? v.id : `n-${path.replace(/[^0-9]+/g, '.').replace(/^\.|\.$/g, '') || 'root'}`;
    if (v.id !== undefined && (typeof v.id !== 'string' || v.id === '')) this.error(`${path}.id`, `${where('Node')}: id should be a non-empty string, got ${show(v.id)}.`);
    if (this.ids.has(id)) {
      this.error(`${path}.id`, `Node id "${id}" is used twice (at ${this.ids.get(id)} and ${path}); ids must be unique.`);
      id = `${id}#${path}`;
    }
    this.ids.set(id, path);

    let p = 1;
    if (v.p !== undefined) {
      if (typeof v.p !== 'number' || !Number.isFinite(v.p)) this.error(`${path}.p`, `${where('Node')}: probability p should be a number, got ${show(v.p)}.`);
      else if (v.p < 0 || v.p > 1) this.error(`${path}.p`, `${where('Node')}: probability p = ${fmt(v.p)} is outside its allowed range 0 to 1.`);
      else p = v.p;
    }
    let enabled: boolean | undefined;
    if (v.enabled !== undefined) {
      if (typeof v.enabled !== 'boolean') this.error(`${path}.enabled`, `${where('Node')}: enabled should be true or false.`);
      else enabled = v.enabled;
    }
    const common = { id, p, ...(enabled === undefined ? {} : { enabled }) };

    if (type === 'transform') return this.transform(v, path, common);
    if (typeof type === 'string' && (GROUP_TYPES as readonly string[]).includes(type)) return this.group(v, path, common, type as GroupNode['type']);
    this.error(`${path}.type`, `${where('Node')}: type should be one of "transform", "compose", "oneOf", "someOf", got ${show(type)}.`);
    return null;
  }

  transform(v: Record<string, unknown>, path: string, common: { id: string; p: number; enabled?: boolean }): TransformNode | null {
    if (typeof v.name !== 'string') {
      this.error(`${path}.name`, `Transform node "${common.id}" at ${path} has no transform name.`);
      return null;
    }
    const t = getTransform(v.name);
    if (!t) {
      if (!this.unknown.includes(v.name)) this.unknown.push(v.name);
      this.warn(`${path}.name`, `Unknown transform "${v.name}" (node "${common.id}") was skipped; the rest of the pipeline was imported.`);
      return null;
    }
    const raw = v.params === undefined ? {} : v.params;
    if (!isObject(raw)) {
      this.error(`${path}.params`, `${t.name} (node "${common.id}"): params should be an object, got ${show(raw)}.`);
      return null;
    }
    const params: Record<string, ParamValue> = {};
    for (const [key, spec] of Object.entries(t.params)) {
      const value = key in raw ? this.param(raw[key], spec, `${t.name} (node "${common.id}")`, key, `${path}.params.${key}`) : undefined;
      params[key] = value ?? (Array.isArray(spec.default) ? [spec.default[0], spec.default[1]] : spec.default);
    }
    for (const key of Object.keys(raw)) {
      if (!(key in t.params)) this.warn(`${path}.params.${key}`, `${t.name} (node "${common.id}") has no parameter "${key}"; it was ignored.`);
    }
    return { ...common, type: 'transform', name: t.name, params };
  }

  /** Checks one value against its spec; returns it (normalised) or undefined after an error. */
  param(value: unknown, spec: ParamSpec, owner: string, key: string, path: string): ParamValue | undefined {
    const bad = (what: string) => {
      this.error(path, `${owner}: parameter "${key}" ${what}.`);
      return undefined;
    };
    switch (spec.kind) {
      case 'bool':
        return typeof value === 'boolean' ? value : bad(`should be true or false, got ${show(value)}`);
      case 'enum':
        return typeof value === 'string' && spec.options.includes(value)
          ? value
          : bad(`should be one of ${spec.options.map((o) => `"${o}"`).join(', ')}, got ${show(value)}`);
      case 'number':
      case 'int': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return bad(`should be a number, got ${show(value)}`);
        if (spec.kind === 'int' && !Number.isInteger(value)) return bad(`should be a whole number, got ${fmt(value)}`);
        if (value < spec.min || value > spec.max) return bad(`= ${fmt(value)} is outside its allowed range ${fmt(spec.min)} to ${fmt(spec.max)}`);
        return value;
      }
      case 'range': {
        if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
          return bad(`should be a [low, high] pair of numbers, got ${show(value)}`);
        }
        const [lo, hi] = value as [number, number];
        if (lo > hi) return bad(`= [${fmt(lo)}, ${fmt(hi)}] has its low end above its high end`);
        if (lo < spec.min || hi > spec.max) return bad(`= [${fmt(lo)}, ${fmt(hi)}] is outside its allowed range ${fmt(spec.min)} to ${fmt(spec.max)}`);
        if (spec.integer && !(Number.isInteger(lo) && Number.isInteger(hi))) return bad(`should be whole numbers, got [${fmt(lo)}, ${fmt(hi)}]`);
        return [lo, hi];
      }
    }
  }

  group(v: Record<string, unknown>, path: string, common: { id: string; p: number; enabled?: boolean }, type: GroupNode['type']): GroupNode | null {
    if (!Array.isArray(v.children)) {
      this.error(`${path}.children`, `${type} node "${common.id}" at ${path} should have a "children" array.`);
      return null;
    }
    const children = v.children.map((c, i) => this.node(c, `${path}.children[${i}]`)).filter((c): c is PipelineNode => c !== null);
    if (type !== 'someOf') return { ...common, type, children };
    const replace = v.replace === undefined ? false : v.replace;
    if (typeof replace !== 'boolean') {
      this.error(`${path}.replace`, `someOf node "${common.id}": replace should be true or false.`);
      return null;
    }
    if (typeof v.n !== 'number' || !Number.isInteger(v.n) || v.n < 0) {
      this.error(`${path}.n`, `someOf node "${common.id}": n should be a whole number ≥ 0, got ${show(v.n)}.`);
      return null;
    }
    let n = v.n;
    if (!replace && n > v.children.length) {
      this.error(`${path}.n`, `someOf node "${common.id}": n = ${n} is more than its ${v.children.length} children (without replacement).`);
      return null;
    }
    if (!replace && n > children.length) {
      this.warn(`${path}.n`, `someOf node "${common.id}": n lowered from ${n} to ${children.length} because unknown transforms were skipped.`);
      n = children.length;
    }
    return { ...common, type, n, replace, children };
  }
}

export function validatePipeline(input: unknown): ValidationResult {
  const c = new Checker();
  const done = (pipeline: Pipeline | null): ValidationResult => ({
    pipeline: c.errors.length ? null : pipeline,
    errors: c.errors,
    warnings: c.warnings,
    unknownTransforms: c.unknown,
  });
  if (!isObject(input)) {
    c.error('', 'A pipeline should be a JSON object with "version", "id", "name" and "root".');
    return done(null);
  }
  if (input.version === undefined) c.error('version', `The pipeline has no "version" (expected ${PIPELINE_VERSION}).`);
  else if (input.version !== PIPELINE_VERSION) {
    c.error('version', `Pipeline version ${show(input.version)} is not supported; this app reads version ${PIPELINE_VERSION}.`);
  }
  if (typeof input.id !== 'string' || input.id === '') c.error('id', `The pipeline "id" should be a non-empty string, got ${show(input.id)}.`);
  let name = '';
  if (typeof input.name === 'string') name = input.name;
  else if (input.name !== undefined) c.error('name', `The pipeline "name" should be a string, got ${show(input.name)}.`);
  let seed: number | undefined;
  if (input.seed !== undefined) {
    if (typeof input.seed !== 'number' || !Number.isInteger(input.seed) || input.seed < 0 || input.seed > 0xffffffff) {
      c.error('seed', `The pipeline "seed" should be a whole number from 0 to 4294967295, got ${show(input.seed)}.`);
    } else seed = input.seed;
  }
  if (input.root === undefined) {
    c.error('root', 'The pipeline has no "root" group.');
    return done(null);
  }
  const root = c.node(input.root, 'root');
  if (root && root.type === 'transform') {
    c.error('root', 'The pipeline "root" should be a group (compose, oneOf or someOf), not a single transform.');
    return done(null);
  }
  if (!root) return done(null);
  return done({ version: PIPELINE_VERSION, id: input.id as string, name, ...(seed === undefined ? {} : { seed }), root });
}

/** Transforms in the pipeline that cannot run on images with this many channels. */
export function checkChannels(p: Pipeline, channels: number): Issue[] {
  const issues: Issue[] = [];
  const walk = (n: PipelineNode, path: string) => {
    if (n.enabled === false) return;
    if (n.type !== 'transform') {
      n.children.forEach((c, i) => walk(c, `${path}.children[${i}]`));
      return;
    }
    const message = getTransform(n.name)?.channelError?.(channels, n.params);
    if (message) issues.push({ severity: 'error', path, message: `Node "${n.id}": ${message}` });
  };
  walk(p.root, 'root');
  return issues;
}
