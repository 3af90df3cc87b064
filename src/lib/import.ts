/** Runs an import from the UI: checks storage first, streams progress, refreshes the workspace. */
import type { FormatRequest } from '../core/dataset/ingest';
import { useIngest } from '../store/ingest';
import { usePipeline } from '../store/pipeline';
import { useSettings, type ImportSettings } from '../store/settings';
import { activeDataset, useWorkspace } from '../store/workspace';
import type { IngestSource } from '../../workers/ingest/sources';
import { formatBytes } from './format';
import { Comlink, datasetWorker, ingestWorker } from './workers';

function formatRequest(s: ImportSettings): FormatRequest {
  return {
    size: s.size === 'auto' ? undefined : s.size,
    channels: s.channels === 'auto' ? undefined : s.channels,
    fit: s.fit,
    background: s.background,
  };
}

function inputBytes(source: IngestSource): number {
  if (source.kind === 'files') return source.files.reduce((a, f) => a + f.file.size, 0);
  if (source.kind === 'zip') return source.blob.size;
  return 8 * 2 ** 20;
}

/** Refuses an import that would not fit, before a byte is written. */
export async function checkQuota(needBytes: number): Promise<string | null> {
  if (!navigator.storage?.estimate) return null;
  const { quota = Infinity, usage = 0 } = await navigator.storage.estimate();
  const free = quota - usage;
  if (needBytes > free) {
    return `Not enough storage for this import: it needs about ${formatBytes(needBytes)} but only ${formatBytes(free)} is free for this site. Delete a dataset you no longer need, free disk space, or import fewer files.`;
  }
  return null;
}

export async function refreshDatasets(): Promise<void> {
  const datasets = await datasetWorker.get().listDatasets();
  useWorkspace.getState().setDatasets(datasets);
}

export interface ImportOptions {
  /** Start a new dataset even when one is open. */
  asNewDataset?: boolean;
  newDatasetName?: string;
}

export async function runImport(source: IngestSource, options: ImportOptions = {}): Promise<void> {
  const ingest = useIngest.getState();
  if (ingest.running) return;
  if (usePipeline.getState().materialising) {
    ingest.fail('Augmented images are being added to the dataset right now. Wait for that to finish (or cancel it in the Augment tab), then import.');
    return;
  }
  const ws = useWorkspace.getState();
  const target = options.asNewDataset ? undefined : activeDataset(ws);
  // Originals are kept as they are, plus working pixels and records: ~1.3× the input is a safe estimate.
  const problem = await checkQuota(inputBytes(source) * 1.3);
  if (problem) {
    ingest.fail(problem);
    return;
  }
  void navigator.storage?.persist?.();
  ingest.start(source.name);
  let lastShown = performance.now();
  ingest.setMergeSource(null);
  try {
    const reports = await ingestWorker.get().run(
      {
        source,
        datasetId: target?.id,
        newDatasetName: options.newDatasetName,
        format: formatRequest(useSettings.getState().importSettings),
      },
      Comlink.proxy((p) => {
        useIngest.getState().setProgress(p);
        // Show what has arrived so far, every couple of seconds.
        if (p.datasetId && performance.now() - lastShown > 2000) {
          lastShown = performance.now();
          void showPartial(p.datasetId);
        }
      }),
    );
    const datasetId = reports.find((r) => r.datasetId)?.datasetId;
    datasetWorker.get().refresh(datasetId);
    await refreshDatasets();
    if (datasetId) useWorkspace.getState().setActive(datasetId);
    useIngest.getState().finish(reports);
    // A drop added to a dataset that already had data gets a class-mapping step.
    const added = reports.find((r) => r.imported > 0);
    if (target && added && datasetId === target.id) {
      const labels = (await datasetWorker.get().sourceLabels(target.id, added.sourceId)).map((c) => c.label);
      useIngest.getState().setMergeSource({ datasetId: target.id, sourceId: added.sourceId, labels });
    }
  } catch (e) {
    useIngest.getState().fail(`The import failed: ${(e as Error).message.replace(/\.$/, '')}. Nothing already in the workspace was changed.`);
  }
}

async function showPartial(datasetId: string): Promise<void> {
  await datasetWorker.get().refresh(datasetId);
  await refreshDatasets();
  const ws = useWorkspace.getState();
  if (ws.activeDatasetId !== datasetId) ws.setActive(datasetId);
  else ws.bump();
}

export function cancelImport(): void {
  void ingestWorker.get().cancel();
}

/** The embedded Fashion-MNIST subset, loaded on a first visit. */
export function sampleSource(): IngestSource {
  return { kind: 'url', name: 'Fashion-MNIST subset (sample)', url: new URL('samples/fashion-mnist-subset-imagefolder.zip', document.baseURI).href };
}
