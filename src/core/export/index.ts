/**
 * The export's public API: plan an export, then stream it into a zip. See README.md.
 * (regenerate.ts is imported by path: it pulls in tfjs, which the main thread must not load.)
 */
export * from './batcher';
export * from './csv';
export * from './datasheet';
export * from './experiment-report';
export * from './layout';
export * from './manifest';
export * from './options';
export * from './plan-export';
export * from './png-encode';
export * from './sanitise';
export * from './split';
export * from './storage-order';
export * from './write-export';
export * from './zip-writer';
