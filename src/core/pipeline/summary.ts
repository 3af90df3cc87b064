/** One-line text for a plan step, for tooltips ("Rotate · angle −12.3"). */
import type { Json } from '../transforms/types';
import type { PlanStep } from './types';

const HIDDEN = new Set(['interpolation', 'border', 'fill', 'seed']);

function show(v: Json): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 10 ? 1 : 3).replace(/\.?0+$/, '');
  if (Array.isArray(v)) return v.length > 4 ? `${v.length} values` : `[${v.map(show).join(', ')}]`;
  if (v && typeof v === 'object') return '{…}';
  return String(v);
}

export function summariseStep(step: PlanStep): string {
  const params = step.params && typeof step.params === 'object' && !Array.isArray(step.params) ? step.params : {};
  const parts = Object.entries(params)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k} ${show(v as Json)}`);
  return parts.length ? `${step.name} · ${parts.join(', ')}` : step.name;
}
