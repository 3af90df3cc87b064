/** Pipeline JSON (version 1), per-sample plans, and validation issues. */
import type { Json, ParamValue } from '../transforms/types';

export const PIPELINE_VERSION = 1;

interface NodeBase {
  /** Unique within the pipeline; keys the node's random stream, so keep it when editing. */
  id: string;
  /** Probability that the node fires, 0–1 (default 1). */
  p: number;
  /** A disabled node is kept in the pipeline but skipped (the UI's on/off switch). */
  enabled?: boolean;
}

export interface TransformNode extends NodeBase {
  type: 'transform';
  /** A name from the transform registry. */
  name: string;
  /** Every parameter of the transform's schema (validation fills missing ones with defaults). */
  params: Record<string, ParamValue>;
}

/** Runs its children in order, each with its own probability. */
export interface ComposeNode extends NodeBase {
  type: 'compose';
  children: PipelineNode[];
}

/** Runs exactly one child, chosen with weights proportional to the children's p (its p is then ignored). */
export interface OneOfNode extends NodeBase {
  type: 'oneOf';
  children: PipelineNode[];
}

/** Chooses n children uniformly (with or without replacement); each then fires with its own p. */
export interface SomeOfNode extends NodeBase {
  type: 'someOf';
  n: number;
  replace: boolean;
  children: PipelineNode[];
}

export type GroupNode = ComposeNode | OneOfNode | SomeOfNode;
export type PipelineNode = TransformNode | GroupNode;

export interface Pipeline {
  version: typeof PIPELINE_VERSION;
  id: string;
  name: string;
  /** The seed the pipeline was last previewed or materialised with, if saved with one. */
  seed?: number;
  /** The root group; its p is the pipeline-level probability. */
  root: GroupNode;
}

/** One transform that fired for a sample. */
export interface PlanStep {
  /** Depth-first index of the transform's node in the pipeline: the step's place in execution order. */
  at: number;
  /** The node id. */
  node: string;
  /** The transform name. */
  name: string;
  /** The per-image parameter record the transform drew (see each transform's sample). */
  params: Json;
}

/** Everything needed to regenerate one augmented sample from its source pixels. */
export interface SamplePlan {
  sampleId: string;
  seed: number;
  variant: number;
  /**
   * Position at which the sample's geometric matrix transforms run, composed into one warp: the
   * index of the pipeline's first matrix transform (-1 when it has none).
   */
  warpAt: number;
  /** Fired transforms in pipeline order. */
  steps: PlanStep[];
}

/** Where a mixed output's pixels (and so its label) come from. */
export interface MixSource {
  id: string;
  weight: number;
}

export interface Issue {
  severity: 'error' | 'warning';
  /** Where in the JSON, e.g. "root.children[2].params.limit". */
  path: string;
  message: string;
}

export interface ValidationResult {
  /** The normalised pipeline, or null when there are errors. */
  pipeline: Pipeline | null;
  errors: Issue[];
  /** Non-blocking notes: unknown transforms dropped, unknown parameters ignored, … */
  warnings: Issue[];
  /** Transform names that were not recognised (their nodes were dropped). */
  unknownTransforms: string[];
}
