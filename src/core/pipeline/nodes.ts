/** Walking and building pipeline trees. */
import { getTransform } from '../transforms/registry';
import { defaults } from '../transforms/params';
import type { ParamValue } from '../transforms/types';
import type { ComposeNode, GroupNode, OneOfNode, Pipeline, PipelineNode, SomeOfNode, TransformNode } from './types';
import { PIPELINE_VERSION } from './types';

/** Transform leaves in depth-first order, with their execution index. */
export function leaves(root: PipelineNode): TransformNode[] {
  const out: TransformNode[] = [];
  const walk = (n: PipelineNode) => {
    if (n.type === 'transform') out.push(n);
    else n.children.forEach(walk);
  };
  walk(root);
  return out;
}

export function findNode(root: PipelineNode, id: string): PipelineNode | undefined {
  if (root.id === id) return root;
  if (root.type === 'transform') return undefined;
  for (const c of root.children) {
    const hit = findNode(c, id);
    if (hit) return hit;
  }
  return undefined;
}

/** A fresh id not used in the pipeline (short, readable: "t1", "t2", …). */
export function newNodeId(root: PipelineNode | null, prefix = 't'): string {
  const used = new Set<string>();
  if (root) {
    const walk = (n: PipelineNode) => {
      used.add(n.id);
      if (n.type !== 'transform') n.children.forEach(walk);
    };
    walk(root);
  }
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** A transform node with default parameters, overridden by `params`. */
export function transformNode(id: string, name: string, p = 1, params: Record<string, ParamValue> = {}): TransformNode {
  const t = getTransform(name);
  if (!t) throw new Error(`Unknown transform "${name}".`);
  return { id, type: 'transform', name, p, params: { ...defaults(t.params), ...params } };
}

export function compose(id: string, children: PipelineNode[], p = 1): ComposeNode {
  return { id, type: 'compose', p, children };
}

export function oneOf(id: string, children: PipelineNode[], p = 1): OneOfNode {
  return { id, type: 'oneOf', p, children };
}

export function someOf(id: string, n: number, children: PipelineNode[], p = 1, replace = false): SomeOfNode {
  return { id, type: 'someOf', p, n, replace, children };
}

export function pipeline(id: string, name: string, root: GroupNode, seed?: number): Pipeline {
  return { version: PIPELINE_VERSION, id, name, ...(seed === undefined ? {} : { seed }), root };
}
