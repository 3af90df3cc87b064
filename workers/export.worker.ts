/**
 * The export worker: plans an export of the active dataset (the pre-export summary), then streams
 * it into a zip — original files untouched or re-encoded, augmented images regenerated from their
 * plans, synthetic ones from their stored pixels — into a file the user chose (File System Access)
 * or a Blob. One export at a time; cancel() stops it and discards what was written.
 */
import * as Comlink from 'comlink';
import { bySlot } from '../src/core/dataset/summary';
import type { DatasetMeta, ImageRecord } from '../src/core/dataset/types';
import { ZipCancelledError, inStorageOrder, planExport, writeExport, type ExportOptions, type ExportPlan } from '../src/core/export';
import { getDataset, getImages } from './shared/db';
import { collectExtras } from './export/extras';
import { createImageSource } from './export/image-source';
import { blobSink, fileSink, type ExportSink } from './export/sinks';
import type { ExperimentAvailable, ExportExtrasOptions, ExportOutcome, ExportPreview, ExportProgressEvent, ExportRequest } from './export/types';

export type * from './export/types';

interface Loaded {
  meta: DatasetMeta;
  /** In workspace (slot) order, as the gallery shows them. */
  records: ImageRecord[];
}

async function load(datasetId: string): Promise<Loaded> {
  const meta = await getDataset(datasetId);
  if (!meta) throw new Error('This dataset no longer exists (it was deleted, perhaps in another tab).');
  const records = (await getImages(datasetId)).sort(bySlot);
  return { meta, records };
}

async function plan(l: Loaded, options: ExportOptions, extras: ExportExtrasOptions, toolVersion: string): Promise<{ plan: ExportPlan; extras: string[]; experiment: ExperimentAvailable | null }> {
  const x = await collectExtras(l.records, l.meta, {
    augmented: options.include.augmented,
    synthetic: options.include.synthetic,
    includeModels: extras.includeModels,
    // Absent (an older caller): on, as the Export tab's default is.
    includeExperimentReport: extras.includeExperimentReport ?? true,
  });
  return {
    plan: planExport(l.records, options, {
      dataset: l.meta,
      toolVersion,
      createdAt: Date.now(),
      extras: x.files,
      warnings: x.warnings,
      experimentReport: x.experimentReport,
    }),
    extras: x.files.map((f) => f.path),
    experiment: x.experiment,
  };
}

let controller: AbortController | null = null;

const api = {
  /** What an export with these options would hold: counts, warnings, duplicates, blocking errors. */
  async preview(datasetId: string, options: ExportOptions, extras: ExportExtrasOptions): Promise<ExportPreview> {
    const l = await load(datasetId);
    const p = await plan(l, options, extras, '');
    return {
      datasetId,
      summary: p.plan.summary,
      extras: p.extras,
      augmentedToRegenerate: p.plan.rows.filter((r) => r.kind === 'augmented').length,
      experiment: p.experiment,
    };
  },

  /** Runs the export; resolves when it is written, cancelled or failed (rejects, with nothing kept). */
  async run(req: ExportRequest, onProgress?: (p: ExportProgressEvent) => void): Promise<ExportOutcome> {
    if (controller) throw new Error('An export is already running.');
    const abort = new AbortController();
    controller = abort;
    let sink: ExportSink | undefined;
    let source: ReturnType<typeof createImageSource> | undefined;
    const cancelled = (): ExportOutcome => ({
      status: 'cancelled',
      sink: req.handle ? 'file' : 'blob',
      bytesWritten: 0,
      filesWritten: 0,
      imagesWritten: 0,
      elapsedMs: 0,
      regeneration: { regenerated: 0, checked: 0, mismatched: 0, mismatchedIds: [], backend: null },
    });
    try {
      onProgress?.({ phase: 'preparing', filesDone: 0, filesTotal: 0, imagesDone: 0, imagesTotal: 0, bytesWritten: 0, elapsedMs: 0 });
      const l = await load(req.datasetId);
      const byId = new Map(l.records.map((r) => [r.id, r]));
      const { plan: planned } = await plan(l, req.options, req, req.toolVersion);
      if (planned.summary.errors.length > 0) throw new Error(planned.summary.errors.join(' '));
      const ordered = inStorageOrder(planned, byId);
      const images = createImageSource({
        meta: l.meta,
        plan: ordered,
        byId,
        regenerator: async () => {
          const module = await import('./export/regenerator');
          return { module, backend: await module.ensureBackend(req.backendOverride) };
        },
      });
      source = images;
      if (abort.signal.aborted) return cancelled();
      sink = req.handle ? await fileSink(req.handle) : blobSink();
      const result = await writeExport(ordered, {
        getImageBytes: (e) => images.getImageBytes(e),
        sink: sink.write,
        signal: abort.signal,
        prefetch: 8,
        onProgress: (p) => onProgress?.({ ...p, phase: p.filesDone === p.filesTotal ? 'finishing' : 'writing' }),
      });
      if (result.status === 'cancelled') {
        await sink.abort();
        return { ...result, sink: sink.kind, regeneration: images.report() };
      }
      const blob = await sink.close();
      return { ...result, sink: sink.kind, blob, regeneration: images.report() };
    } catch (e) {
      await sink?.abort();
      if (e instanceof ZipCancelledError || abort.signal.aborted) return cancelled();
      throw e instanceof Error ? new Error(e.message) : e;
    } finally {
      source?.dispose();
      controller = null;
    }
  },

  /** Stops the running export; what was written is discarded. */
  cancel(): void {
    controller?.abort();
  },
};

export type ExportApi = typeof api;
Comlink.expose(api);
