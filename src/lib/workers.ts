/**
 * Comlink handles to the workers, created lazily: a worker's code (and tfjs with it) loads only
 * when a feature first needs it. The main thread never imports tfjs.
 */
import * as Comlink from 'comlink';
import type { AugmentApi } from '../../workers/augment.worker';
import type { DatasetApi } from '../../workers/dataset.worker';
import type { EvaluateApi } from '../../workers/evaluate.worker';
import type { ExportApi } from '../../workers/export.worker';
import type { IngestApi } from '../../workers/ingest.worker';
import type { TrainApi } from '../../workers/train.worker';

function lazy<T>(make: () => Worker): { get(): Comlink.Remote<T>; restart(): Comlink.Remote<T> } {
  let worker: Worker | undefined;
  let remote: Comlink.Remote<T> | undefined;
  const start = () => {
    worker = make();
    remote = Comlink.wrap<T>(worker);
    return remote;
  };
  return {
    get: () => remote ?? start(),
    restart() {
      remote?.[Comlink.releaseProxy]();
      worker?.terminate();
      return start();
    },
  };
}

export const ingestWorker = lazy<IngestApi>(() => new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' }));
export const datasetWorker = lazy<DatasetApi>(() => new Worker(new URL('../../workers/dataset.worker.ts', import.meta.url), { type: 'module', name: 'dataset' }));
export const augmentWorker = lazy<AugmentApi>(() => new Worker(new URL('../../workers/augment.worker.ts', import.meta.url), { type: 'module', name: 'augment' }));

export const exportWorker = lazy<ExportApi>(() => new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'export' }));

/** A new train worker (the Generate tab's session worker, or a throwaway one for a speed test on another backend). */
export const makeTrainWorker = () => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
export const trainWorker = lazy<TrainApi>(makeTrainWorker);

/** The Evaluate tab's experiment worker: a backend of its own, so it never competes with the train worker's session. */
export const evaluateWorker = lazy<EvaluateApi>(() => new Worker(new URL('../../workers/evaluate.worker.ts', import.meta.url), { type: 'module', name: 'evaluate' }));

export { Comlink };
