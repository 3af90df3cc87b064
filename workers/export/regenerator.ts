/**
 * Loaded only when an export holds augmented images: starts a tfjs backend in the export worker
 * and regenerates images from their plans. (tfjs and the augment engine stay out of the worker's
 * first chunk, so an export without augmented images starts at once.)
 */
import type { BackendName } from '../../src/core/backend';
import { regenerateAugmented } from '../../src/core/export/regenerate';
import { startBackend, type StartedBackend } from '../shared/tf-start';

let started: { override: BackendName | undefined; backend: Promise<StartedBackend> } | undefined;

/** Starts the backend for image work (once; again only if the user's override changed). */
export async function ensureBackend(override?: BackendName): Promise<string> {
  if (!started || started.override !== override) {
    started = { override, backend: startBackend('image', override) };
    started.backend.catch(() => (started = undefined));
  }
  return (await started.backend).backend;
}

export { regenerateAugmented };
