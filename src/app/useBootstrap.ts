/** On start: list stored datasets (loading the embedded sample on a first visit) and start the compute backend. */
import { useEffect } from 'react';
import { refreshDatasets, runImport, sampleSource } from '../lib/import';
import { augmentWorker } from '../lib/workers';
import { useBackend } from '../store/backend';
import { useSettings } from '../store/settings';
import { useWorkspace } from '../store/workspace';

const SAMPLE_SEEN_KEY = 'augment-studio.sample-loaded';

export function useBootstrap(): void {
  const override = useSettings((s) => s.backendOverride);

  useEffect(() => {
    let live = true;
    (async () => {
      await refreshDatasets();
      if (!live) return;
      // First visit: load the embedded sample so there is something to see at once.
      if (useWorkspace.getState().datasets.length === 0 && !localStorage.getItem(SAMPLE_SEEN_KEY)) {
        localStorage.setItem(SAMPLE_SEEN_KEY, '1');
        await runImport(sampleSource(), { newDatasetName: 'Fashion-MNIST subset (sample)' });
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    const worker = override === 'auto' ? augmentWorker.get() : augmentWorker.restart();
    worker
      .init(override === 'auto' ? undefined : override)
      .then((choice) => {
        if (live) useBackend.getState().setImage({ backend: choice.backend, adapter: choice.adapter, forced: choice.forced, skipped: choice.skipped });
      })
      .catch((e: Error) => live && useBackend.getState().setError(e.message));
    return () => {
      live = false;
    };
  }, [override]);
}
