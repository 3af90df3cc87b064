/**
 * plan(): pure and cheap. For each sample, walks the pipeline with a counter-based random stream
 * keyed by (seed, sampleId, variant) and records which transforms fire and with which values.
 *
 * Each node draws from its own sub-stream, forked by its id (and occurrence, when SomeOf picks
 * it twice): the "does it fire" draw comes first, then the node's parameters. So editing one node
 * (moving a slider, changing its p) leaves every other node's draws unchanged, and a slider moved
 * within a range morphs the same images smoothly.
 */
import { CounterRng } from '../rng';
import { getTransform } from '../transforms/registry';
import type { Json } from '../transforms/types';
import { findNode, leaves } from './nodes';
import type { Pipeline, PipelineNode, PlanStep, SamplePlan } from './types';

export interface PlanOptions {
  /**
   * Candidate partner ids for batch-mixing transforms. Keep it stable (e.g. every id of the
   * training split) so a sample's partners do not depend on which batch it was planned with.
   * Defaults to `sampleIds`.
   */
  pool?: readonly string[];
  /**
   * Plans only this node (a transform or a group), forced to fire; every other node is skipped.
   * Its parameters are the ones it would draw in the full pipeline.
   */
  solo?: string;
}

interface Walk {
  sampleId: string;
  pool: readonly string[];
  at: Map<string, number>;
  steps: PlanStep[];
}

function walk(node: PipelineNode, base: CounterRng, w: Walk, occurrence: number, forced: boolean): void {
  if (node.enabled === false) return;
  const rng = base.fork(node.id, occurrence);
  // Always consume the firing draw, so parameters come from the same positions whatever p is.
  const fires = rng.next() < node.p;
  if (!forced && !fires) return;
  switch (node.type) {
    case 'transform': {
      const t = getTransform(node.name);
      if (!t) throw new Error(`Unknown transform "${node.name}" in node "${node.id}".`);
      const [params] = t.sample(rng, 1, node.params, { sampleId: w.sampleId, pool: w.pool });
      w.steps.push({ at: w.at.get(node.id) ?? -1, node: node.id, name: node.name, params: params as Json });
      return;
    }
    case 'compose':
      for (const child of node.children) walk(child, base, w, 0, false);
      return;
    case 'oneOf': {
      const live = node.children.filter((c) => c.enabled !== false);
      const total = live.reduce((s, c) => s + c.p, 0);
      if (live.length === 0 || total <= 0) return;
      let u = rng.next() * total;
      const chosen = live.find((c) => (u -= c.p) < 0) ?? live[live.length - 1];
      walk(chosen, base, w, 0, true);
      return;
    }
    case 'someOf': {
      const live = node.children.filter((c) => c.enabled !== false);
      if (live.length === 0) return;
      const n = node.replace ? node.n : Math.min(node.n, live.length);
      const picks = node.replace
        ? Array.from({ length: n }, () => rng.int(0, live.length - 1))
        : rng.shuffle(live.map((_, i) => i)).slice(0, n);
      // Chosen children run in pipeline order; a child picked twice runs twice with separate draws.
      picks.sort((a, b) => a - b);
      const seen = new Map<number, number>();
      for (const i of picks) {
        const k = seen.get(i) ?? 0;
        seen.set(i, k + 1);
        walk(live[i], base, w, k, false);
      }
      return;
    }
  }
}

/** Execution index of every transform node, and where the composed geometric warp runs. */
export function layout(p: Pipeline): { at: Map<string, number>; warpAt: number } {
  const at = new Map<string, number>();
  let warpAt = -1;
  leaves(p.root).forEach((leaf, i) => {
    at.set(leaf.id, i);
    if (warpAt < 0 && leaf.enabled !== false && getTransform(leaf.name)?.kind === 'matrix') warpAt = i;
  });
  return { at, warpAt };
}

export function plan(pipeline: Pipeline, seed: number, sampleIds: readonly string[], variant = 0, options: PlanOptions = {}): SamplePlan[] {
  const { at, warpAt } = layout(pipeline);
  const pool = options.pool ?? sampleIds;
  let target: PipelineNode = pipeline.root;
  if (options.solo !== undefined) {
    const found = findNode(pipeline.root, options.solo);
    if (!found) throw new Error(`No node "${options.solo}" to solo in pipeline "${pipeline.name || pipeline.id}".`);
    target = found;
  }
  return sampleIds.map((sampleId) => {
    const base = new CounterRng(seed >>> 0, sampleId, variant);
    const w: Walk = { sampleId, pool, at, steps: [] };
    if (options.solo === undefined) walk(pipeline.root, base, w, 0, false);
    else walk({ ...target, enabled: true }, base, w, 0, true);
    return { sampleId, seed: seed >>> 0, variant, warpAt, steps: w.steps };
  });
}

/** The partner ids the plans' mixing steps need that are not samples of the batch itself. */
export function partnersNeeded(plans: readonly SamplePlan[]): string[] {
  const inBatch = new Set(plans.map((p) => p.sampleId));
  const out = new Set<string>();
  for (const p of plans) {
    for (const s of p.steps) {
      const t = getTransform(s.name);
      if (t?.kind === 'mix') for (const id of t.partners(s.params)) if (!inBatch.has(id)) out.add(id);
    }
  }
  return [...out];
}
