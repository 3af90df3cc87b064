/**
 * Keeps the edited pipeline where it belongs: restored on start (from a shared link's hash first,
 * else the workspace's saved pipeline, else the "standard classification" preset), and after each
 * edit saved to IndexedDB (through the augment worker) and written into the URL hash, so a reload
 * or a shared link brings back the same pipeline and seed.
 */
import { useEffect } from 'react';
import { augmentWorker } from '../../lib/workers';
import { usePipeline, withSeed } from '../../store/pipeline';
import { useSettings } from '../../store/settings';
import { useWorkspace } from '../../store/workspace';

const HASH_KEY = 'pipeline';
const SAVE_DELAY_MS = 300;

function hashPipeline(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return params.get(HASH_KEY);
}

/** `live()` turns false when a newer restore has started (the worker was restarted meanwhile). */
async function restore(live: () => boolean): Promise<void> {
  const worker = augmentWorker.get();
  const [catalog, presets] = await Promise.all([worker.catalog(), worker.presets()]);
  if (!live()) return;
  usePipeline.getState().setCatalog(catalog, presets);
  if (usePipeline.getState().pipeline) return;

  const saved = await worker.loadWorkspacePipeline().catch(() => null);
  const fromLink = hashPipeline();
  if (fromLink) {
    const r = await worker.fromUrlHash(fromLink);
    if (!live()) return;
    if (r.pipeline) {
      usePipeline.getState().replace(r.pipeline);
      // The app writes its own pipeline into the hash: only a different one is a shared link.
      if (!saved?.pipeline || JSON.stringify(saved.pipeline) !== JSON.stringify(r.pipeline)) {
        if (saved?.pipeline) {
          // Keep the workspace's own pipeline one click away.
          usePipeline.setState({ previous: saved.pipeline });
          usePipeline.getState().setNotice({ kind: 'info', title: 'Opened the pipeline from the link.', lines: ['Your previously saved pipeline was replaced; “Undo” brings it back.'] });
        }
        useWorkspace.getState().setTab('augment');
      }
      return;
    }
    usePipeline.getState().setNotice({ kind: 'error', title: 'The pipeline in the link could not be read.', lines: r.errors.map((e) => e.message) });
  }
  if (!live()) return;
  if (saved?.pipeline) {
    usePipeline.getState().replace(saved.pipeline);
    return;
  }
  const preset = await worker.buildPreset({ id: 'standard' });
  if (live()) usePipeline.getState().replace(preset);
}

/** Mounted once by the app shell. */
export function usePipelineSync(): void {
  const version = usePipeline((s) => s.version);
  const override = useSettings((s) => s.backendOverride);

  // On start, and again if the worker is restarted (a backend change) before it answered.
  useEffect(() => {
    const st = usePipeline.getState();
    if (st.pipeline && st.catalog) return;
    let live = true;
    restore(() => live).catch((e: Error) =>
      usePipeline.getState().setNotice({ kind: 'error', title: 'The augmentation engine did not start.', lines: [e.message] }),
    );
    return () => {
      live = false;
    };
  }, [override]);

  useEffect(() => {
    const { pipeline, seed } = usePipeline.getState();
    if (!pipeline) return;
    const timer = setTimeout(async () => {
      const p = withSeed(pipeline, seed);
      const worker = augmentWorker.get();
      try {
        await worker.saveWorkspacePipeline(p);
        const hash = await worker.toUrlHash(p);
        if (usePipeline.getState().pipeline !== pipeline) return;
        const params = new URLSearchParams(location.hash.replace(/^#/, ''));
        params.set(HASH_KEY, hash);
        history.replaceState(history.state, '', `${location.pathname}${location.search}#${params.toString()}`);
      } catch {
        // A restarting worker (backend change): the next edit saves again.
      }
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [version]);
}
