export * from './types';
export { TRANSFORMS, getTransform, transformNames } from './registry';
export { defaults, BORDER_MODES } from './params';
export { boxToPixels } from './dropout';
export { warpBatch, remap, warpPath, type WarpPath } from './warp';
export { applyToPoint, chain, invert, toSamplingTransform, type Mat3 } from './matrix';
