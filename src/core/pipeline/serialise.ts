/**
 * Pipeline JSON in and out: a stable, readable text form (keys in a fixed order, so a saved
 * pipeline diffs cleanly), parsing with clear messages for malformed JSON, and a compact form
 * for URL hashes (deflate + base64url) so a shared link carries the pipeline.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { getTransform } from '../transforms/registry';
import type { ParamValue } from '../transforms/types';
import type { Pipeline, PipelineNode, ValidationResult } from './types';
import { validatePipeline } from './validate';

function nodeToJson(n: PipelineNode): Record<string, unknown> {
  const head: Record<string, unknown> = { id: n.id, type: n.type };
  if (n.type === 'transform') head.name = n.name;
  head.p = n.p;
  if (n.enabled !== undefined) head.enabled = n.enabled;
  if (n.type === 'transform') {
    const schema = getTransform(n.name)?.params ?? {};
    const params: Record<string, ParamValue> = {};
    for (const key of [...Object.keys(schema), ...Object.keys(n.params).filter((k) => !(k in schema))]) {
      if (key in n.params) params[key] = n.params[key];
    }
    return { ...head, params };
  }
  if (n.type === 'someOf') Object.assign(head, { n: n.n, replace: n.replace });
  return { ...head, children: n.children.map(nodeToJson) };
}

/** The pipeline as a plain JSON object with keys in a fixed order. */
export function pipelineToJson(p: Pipeline): Record<string, unknown> {
  return { version: p.version, id: p.id, name: p.name, ...(p.seed === undefined ? {} : { seed: p.seed }), root: nodeToJson(p.root) };
}

export function serialisePipeline(p: Pipeline): string {
  return JSON.stringify(pipelineToJson(p), null, 2);
}

/** Where a JSON syntax error is, as "line L, column C", from the parser's "position N". */
function locate(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m || /line \d+/.test(message)) return '';
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

/** Parses and validates pipeline JSON text; malformed JSON is an error with its location. */
export function parsePipeline(text: string): ValidationResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      pipeline: null,
      errors: [{ severity: 'error', path: '', message: `The pipeline file is not valid JSON: ${message}${locate(text, message)}.` }],
      warnings: [],
      unknownTransforms: [],
    };
  }
  return validatePipeline(data);
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/** A compact, URL-safe encoding of the pipeline (deflated JSON, base64url). */
export function pipelineToUrlHash(p: Pipeline): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(pipelineToJson(p))), { level: 9 }));
}

export function pipelineFromUrlHash(hash: string): ValidationResult {
  let text: string;
  try {
    text = strFromU8(inflateSync(fromBase64Url(hash.replace(/^#/, ''))));
  } catch {
    return {
      pipeline: null,
      errors: [{ severity: 'error', path: '', message: 'The link does not contain a readable pipeline (it may have been cut short).' }],
      warnings: [],
      unknownTransforms: [],
    };
  }
  return parsePipeline(text);
}
