/**
 * Editing a pipeline tree without tfjs (the main thread never loads it): pure, immutable
 * operations on the pipeline JSON. Node ids key each node's random stream, so edits keep them and
 * new nodes get fresh ones.
 */
import type { GroupNode, Pipeline, PipelineNode, TransformNode } from '../../core/pipeline/types';
import type { ParamSchema, ParamValue } from '../../core/transforms/types';

export function isGroup(n: PipelineNode): n is GroupNode {
  return n.type !== 'transform';
}

export function findNode(root: PipelineNode, id: string): PipelineNode | undefined {
  if (root.id === id) return root;
  if (!isGroup(root)) return undefined;
  for (const c of root.children) {
    const hit = findNode(c, id);
    if (hit) return hit;
  }
  return undefined;
}

export function findParent(root: GroupNode, id: string): { parent: GroupNode; index: number } | undefined {
  const i = root.children.findIndex((c) => c.id === id);
  if (i >= 0) return { parent: root, index: i };
  for (const c of root.children) {
    if (!isGroup(c)) continue;
    const hit = findParent(c, id);
    if (hit) return hit;
  }
  return undefined;
}

function ids(root: PipelineNode, into = new Set<string>()): Set<string> {
  into.add(root.id);
  if (isGroup(root)) root.children.forEach((c) => ids(c, into));
  return into;
}

/** A fresh id ("t1", "t2", … or "g1", …) not used in the pipeline. */
export function newId(root: PipelineNode, prefix = 't'): string {
  const used = ids(root);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

export function defaultsOf(schema: ParamSchema): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, spec] of Object.entries(schema)) out[k] = Array.isArray(spec.default) ? [spec.default[0], spec.default[1]] : spec.default;
  return out;
}

export function transformNode(id: string, name: string, schema: ParamSchema, p = 1): TransformNode {
  return { id, type: 'transform', name, p, params: defaultsOf(schema) };
}

export function groupNode(id: string, type: GroupNode['type']): GroupNode {
  if (type === 'someOf') return { id, type, p: 1, n: 1, replace: false, children: [] };
  return { id, type, p: 1, children: [] };
}

/** Rebuilds the tree with `f` applied to the node `id` (returning the same object when nothing changed). */
function mapNode(n: PipelineNode, id: string, f: (n: PipelineNode) => PipelineNode | null): PipelineNode | null {
  if (n.id === id) return f(n);
  if (!isGroup(n)) return n;
  let changed = false;
  const children: PipelineNode[] = [];
  for (const c of n.children) {
    const next = mapNode(c, id, f);
    if (next !== c) changed = true;
    if (next) children.push(next);
  }
  return changed ? { ...n, children } : n;
}

function withRoot(p: Pipeline, root: PipelineNode | null): Pipeline {
  if (!root || !isGroup(root)) return p;
  return root === p.root ? p : { ...p, root };
}

export function updateNode(p: Pipeline, id: string, patch: Partial<PipelineNode>): Pipeline {
  return withRoot(p, mapNode(p.root, id, (n) => ({ ...n, ...patch }) as PipelineNode));
}

export function setParam(p: Pipeline, id: string, key: string, value: ParamValue): Pipeline {
  return withRoot(
    p,
    mapNode(p.root, id, (n) => (n.type === 'transform' ? { ...n, params: { ...n.params, [key]: value } } : n)),
  );
}

export function removeNode(p: Pipeline, id: string): Pipeline {
  if (id === p.root.id) return p;
  return withRoot(p, mapNode(p.root, id, () => null));
}

/** Inserts `node` into group `parentId` at `index` (the end when missing). */
export function insertNode(p: Pipeline, parentId: string, node: PipelineNode, index?: number): Pipeline {
  return withRoot(
    p,
    mapNode(p.root, parentId, (g) => {
      if (!isGroup(g)) return g;
      const children = g.children.slice();
      children.splice(index ?? children.length, 0, node);
      return { ...g, children };
    }),
  );
}

/**
 * Moves node `id` into group `parentId` before position `index` (counted in the group as it is
 * before the move). A group cannot move into itself or its own descendants.
 */
export function moveNode(p: Pipeline, id: string, parentId: string, index: number): Pipeline {
  const node = findNode(p.root, id);
  const from = findParent(p.root, id);
  if (!node || !from) return p;
  if (isGroup(node) && findNode(node, parentId)) return p;
  let at = index;
  if (from.parent.id === parentId && from.index < index) at--;
  if (from.parent.id === parentId && from.index === at) return p;
  return insertNode(removeNode(p, id), parentId, node, at);
}

/** Moves a node one place up (−1) or down (+1) among its siblings. */
export function moveBy(p: Pipeline, id: string, delta: -1 | 1): Pipeline {
  const from = findParent(p.root, id);
  if (!from) return p;
  const to = from.index + delta;
  if (to < 0 || to >= from.parent.children.length) return p;
  return moveNode(p, id, from.parent.id, delta > 0 ? to + 1 : to);
}

/** Changes a group's kind (compose, oneOf, someOf), keeping its children. */
export function setGroupType(p: Pipeline, id: string, type: GroupNode['type']): Pipeline {
  return withRoot(
    p,
    mapNode(p.root, id, (g) => {
      if (!isGroup(g) || g.type === type) return g;
      const base = { id: g.id, p: g.p, children: g.children, ...(g.enabled === undefined ? {} : { enabled: g.enabled }) };
      return type === 'someOf' ? { ...base, type, n: Math.min(2, Math.max(1, g.children.length)), replace: false } : { ...base, type };
    }),
  );
}

/** Transform leaves in execution order. */
export function leaves(root: PipelineNode): TransformNode[] {
  if (!isGroup(root)) return [root];
  return root.children.flatMap(leaves);
}
