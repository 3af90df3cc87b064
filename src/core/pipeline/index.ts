/** The augmentation pipeline API: see README.md in this folder. */
export * from './types';
export { plan, partnersNeeded, layout, type PlanOptions } from './plan';
export { execute, softLabel, type ExecuteOptions, type ExecuteResult } from './execute';
// executeBytes and the fused 8-bit path (execute-bytes.ts, fused.ts) load a WebAssembly kernel
// assembled at build time: import them by path, in workers and tests.
export { validatePipeline, checkChannels } from './validate';
export { serialisePipeline, parsePipeline, pipelineToJson, pipelineToUrlHash, pipelineFromUrlHash } from './serialise';
export { toAlbumentations, fromAlbumentations, MAPPINGS, NOT_MAPPED, ALBUMENTATIONS_VERSION, type AlbumentationsOptions, type AlbumentationsExport } from './albumentations';
export { PRESETS, lightPreset, standardClassificationPreset, heavyPreset, randAugment, trivialAugment, type Preset, type PresetOptions } from './presets';
export { leaves, findNode, newNodeId, transformNode, compose, oneOf, someOf, pipeline } from './nodes';
export { measureThroughput, type ThroughputOptions, type ThroughputResult } from './throughput';
export { summariseStep } from './summary';
