/** The augment worker: owns a tfjs backend for image work (previews, materialising augmented sets). */
import * as Comlink from 'comlink';
import type { BackendName } from '../src/core/backend';
import { startBackend, type StartedBackend } from './shared/tf-start';
import { selfCheck } from './shared/self-check';

let started: Promise<StartedBackend> | undefined;

const api = {
  /** Starts (or restarts, with another override) the backend and says which runs and why. */
  async init(override?: BackendName): Promise<StartedBackend> {
    started = startBackend('image', override);
    return started;
  },

  async selfCheck() {
    if (!started) await api.init();
    await started;
    return selfCheck('wasm');
  },
};

export type AugmentApi = typeof api;
Comlink.expose(api);
