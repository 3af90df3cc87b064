/** The export's public API: plan an export, then stream it into a zip. See README.md. */
export * from './csv';
export * from './datasheet';
export * from './layout';
export * from './manifest';
export * from './options';
export * from './plan-export';
export * from './png-encode';
export * from './sanitise';
export * from './split';
export * from './write-export';
export * from './zip-writer';
