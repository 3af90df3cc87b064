/**
 * The bytes of every image entry of an export, fetched in batches in the order writeExport asks
 * for them: original files (one IndexedDB transaction per batch), stored working pixels (chunk by
 * chunk), and augmented images regenerated from their plans (one tensor batch at a time), then
 * encoded as the entry says. Regenerated pixels are checked against the hash recorded when the
 * image was made.
 */
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';
import { OrderedBatches, type ExportPlan, type ImageEntry } from '../../src/core/export';
import { getOriginalsBytes } from '../shared/db';
import { encodeImage } from './encode';
import { ChunkPixelReader } from './pixel-reader';
import { PngEncoderPool } from './png-pool';
import type { RegenerationReport } from './types';

type Regenerator = typeof import('./regenerator');

export interface ImageSourceOptions {
  meta: DatasetMeta;
  /** The plan in the order its entries will be written (inStorageOrder). */
  plan: ExportPlan;
  byId: ReadonlyMap<string, ImageRecord>;
  /** Loads the tfjs part and starts its backend; called only if augmented images are exported. */
  regenerator: () => Promise<{ module: Regenerator; backend: string }>;
}

export interface ImageSource {
  getImageBytes(entry: ImageEntry): Promise<Uint8Array>;
  report(): RegenerationReport;
  /** Stops the encoder workers. */
  dispose(): void;
}

const ORIGINALS_BATCH = 64;
/** About this many pixel values per batch: a few MB of bytes, 4× that as float32 tensors. */
const PIXEL_VALUES_PER_BATCH = 1 << 22;

const SHA256_HEX = /^[0-9a-f]{64}$/;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createImageSource(o: ImageSourceOptions): ImageSource {
  const { meta } = o;
  const per = meta.format.size * meta.format.size * meta.format.channels;
  const images = o.plan.entries.filter((e): e is ImageEntry => e.type === 'image');
  const reader = new ChunkPixelReader(meta);
  const pixelBatch = Math.max(1, Math.min(512, Math.floor(PIXEL_VALUES_PER_BATCH / per)));
  const report: RegenerationReport = { regenerated: 0, checked: 0, mismatched: 0, mismatchedIds: [], backend: null };
  const pool = new PngEncoderPool();

  const originals = new OrderedBatches(
    images.filter((e) => e.encode === null).map((e) => e.record),
    ORIGINALS_BATCH,
    async (records) => {
      const bytes = await getOriginalsBytes(records.map((r) => r.id));
      return bytes.map((b, i) => {
        if (!b) throw new Error(`The original file of ${records[i].sourceName} is missing from this browser's storage. Export with originals re-encoded instead.`);
        return b;
      });
    },
  );

  const split = (packed: Uint8Array, n: number) => Array.from({ length: n }, (_, i) => packed.subarray(i * per, (i + 1) * per));

  const stored = new OrderedBatches(
    images.filter((e) => e.encode !== null && e.record.kind !== 'augmented').map((e) => e.record),
    pixelBatch,
    async (records) => split(await reader.read(records), records.length),
  );

  let regenerator: Promise<{ module: Regenerator; backend: string }> | undefined;
  const augmented = new OrderedBatches(
    images.filter((e) => e.record.kind === 'augmented').map((e) => e.record),
    pixelBatch,
    async (records) => {
      regenerator ??= o.regenerator();
      const { module, backend } = await regenerator;
      report.backend = backend;
      const packed = await module.regenerateAugmented(meta.format, records, { byId: o.byId, readStored: (rs) => reader.read(rs) });
      const out = split(packed, records.length);
      report.regenerated += records.length;
      await Promise.all(
        records.map(async (r, i) => {
          if (!SHA256_HEX.test(r.hash)) return;
          report.checked++;
          if ((await sha256Hex(out[i])) !== r.hash) {
            report.mismatched++;
            if (report.mismatchedIds.length < 5) report.mismatchedIds.push(r.id);
          }
        }),
      );
      return out;
    },
  );

  return {
    async getImageBytes(entry) {
      const r = entry.record;
      if (entry.encode === null) return originals.take(r);
      const pixels = r.kind === 'augmented' ? await augmented.take(r) : await stored.take(r);
      return encodeImage(pixels, meta.format, entry.encode, pool);
    },
    report: () => ({ ...report, mismatchedIds: [...report.mismatchedIds] }),
    dispose: () => pool.dispose(),
  };
}
