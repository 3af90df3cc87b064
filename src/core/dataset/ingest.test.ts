import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { ingest, type Candidate, type IngestDeps } from './ingest';
import { fitRect } from './fit';
import { chunkImagesFor, pixelIndexOf } from './chunks';
import type { DatasetMeta, ImageRecord } from './types';

/** A PNG of one flat grey value (or RGB colour). */
function png(w: number, h: number, rgb: [number, number, number]): Uint8Array {
  const img = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) img.data.set([...rgb, 255], i * 4);
  return new Uint8Array(PNG.sync.write(img));
}

function file(path: string, bytes: Uint8Array): Candidate {
  return { path, size: bytes.length, read: async () => bytes };
}

/** Real decoding with pngjs and nearest-neighbour fitting: enough to check what is stored where. */
function memoryDeps() {
  const chunks = new Map<number, Uint8Array>();
  const images: ImageRecord[] = [];
  let meta: DatasetMeta | undefined;
  let id = 0;
  let t = 0;
  const deps: IngestDeps = {
    async decode(bytes) {
      const img = PNG.sync.read(Buffer.from(bytes));
      return {
        width: img.width,
        height: img.height,
        render(format) {
          const out = new Uint8ClampedArray(format.size * format.size * 4).fill(255);
          const r = fitRect(img.width, img.height, format.size, format.fit);
          for (let y = 0; y < r.dh; y++) {
            for (let x = 0; x < r.dw; x++) {
              const sx = Math.floor(r.sx + ((x + 0.5) * r.sw) / r.dw);
              const sy = Math.floor(r.sy + ((y + 0.5) * r.sh) / r.dh);
              out.set(img.data.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4), ((r.dy + y) * format.size + r.dx + x) * 4);
            }
          }
          return out;
        },
        close() {},
      };
    },
    async sha256(bytes) {
      return createHash('sha256').update(bytes).digest('hex');
    },
    store: {
      async write(batch) {
        meta = batch.meta;
        images.push(...batch.images);
        for (const c of batch.chunks) chunks.set(c.chunk, c.data);
      },
      async readChunk(chunk) {
        return chunks.get(chunk)?.slice();
      },
    },
    now: () => (t += 5),
    newId: () => `id${id++}`,
  };
  return { deps, chunks, images, meta: () => meta! };
}

describe('ingest', () => {
  it('imports an ImageFolder drop with the right classes, counts and pixels', async () => {
    const m = memoryDeps();
    const report = await ingest(
      {
        sourceName: 'pets',
        candidates: [
          file('pets/cat/a.png', png(28, 28, [10, 10, 10])),
          file('pets/cat/b.png', png(28, 28, [20, 20, 20])),
          file('pets/dog/c.png', png(28, 28, [30, 30, 30])),
        ],
        concurrency: 1,
      },
      m.deps,
    );
    expect(report).toMatchObject({ imported: 3, skipped: [], layout: 'imagefolder', cancelled: false });
    expect(m.meta().format).toMatchObject({ size: 28, channels: 1 });
    expect(m.meta().classes).toEqual(['cat', 'dog']);
    expect(m.images.map((r) => [r.label, r.sourceName])).toEqual([
      ['cat', 'pets/cat/a.png'],
      ['cat', 'pets/cat/b.png'],
      ['dog', 'pets/dog/c.png'],
    ]);
    // Each image's grey value sits in its own slot of chunk 0.
    const chunk = m.chunks.get(0)!;
    // 28×28 grey keeps the 512-image chunks it always had.
    expect(m.meta().chunkImages).toBe(512);
    expect(chunk.length).toBe(512 * 28 * 28);
    for (const r of m.images) expect(chunk[r.slot * 784 + 400]).toBe({ 'pets/cat/a.png': 10, 'pets/cat/b.png': 20, 'pets/dog/c.png': 30 }[r.sourceName]);
  });

  it('explains every bad file and imports all the good ones of the same drop', async () => {
    const m = memoryDeps();
    const good = png(30, 20, [200, 0, 0]);
    const truncated = png(30, 20, [0, 200, 0]).subarray(0, 40);
    const huge = png(1, 1, [0, 0, 0]);
    new DataView(huge.buffer, huge.byteOffset).setUint32(16, 12000);
    new DataView(huge.buffer, huge.byteOffset).setUint32(20, 12000);
    const report = await ingest(
      {
        sourceName: 'drop',
        candidates: [
          file('cats/good.png', good),
          file('cats/copy.png', good.slice()),
          file('cats/trunc.png', truncated),
          file('cats/empty.png', new Uint8Array(0)),
          file('cats/notes.jpg', new TextEncoder().encode('hello')),
          file('cats/huge.png', huge),
          file('__MACOSX/cats/._good.png', good),
          file('cats/.DS_Store', new Uint8Array(10)),
          file('../escape.png', good),
          file('dogs/deeper/still/x.png', png(8, 8, [1, 2, 3])),
          file('dogs/fine.png', png(8, 8, [4, 5, 6])),
        ],
        folders: ['birds/'],
      },
      m.deps,
    );
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      'cats/copy.png': 'duplicate',
      'cats/trunc.png': 'corrupt',
      'cats/empty.png': 'empty-file',
      'cats/notes.jpg': 'not-an-image',
      'cats/huge.png': 'too-large',
      '__MACOSX/cats/._good.png': 'system-file',
      'cats/.DS_Store': 'system-file',
      '../escape.png': 'unsafe-path',
      'dogs/deeper/still/x.png': 'too-deep',
    });
    expect(report.skipped.every((s) => s.message.length > 20)).toBe(true);
    expect(report.imported).toBe(2);
    expect(report.duplicates).toEqual([{ path: 'cats/copy.png', keptAs: 'cats/good.png' }]);
    expect(report.emptyClasses).toEqual(['birds']);
    expect(m.meta().format).toMatchObject({ size: 64, channels: 3 });
    expect(m.images.map((r) => r.label).sort()).toEqual(['cats', 'dogs']);
  });

  it('adds a second source to a dataset, mapping its classes and dropping exact duplicates', async () => {
    const m = memoryDeps();
    const a = png(28, 28, [1, 1, 1]);
    const first = await ingest({ sourceName: 'one', candidates: [file('shirt/a.png', a), file('shoe/b.png', png(28, 28, [2, 2, 2]))] }, m.deps);
    const existing = { meta: m.meta(), hashes: new Map(m.images.map((r) => [r.hash, r.sourceName])) };
    const second = await ingest(
      {
        sourceName: 'two',
        candidates: [file('Shirts/dup.png', a), file('Shirts/c.png', png(28, 28, [3, 3, 3])), file('boots/d.png', png(28, 28, [4, 4, 4]))],
        existing,
        classMap: { Shirts: 'shirt', boots: 'shoe' },
      },
      m.deps,
    );
    expect(second.datasetId).toBe(first.datasetId);
    expect(second.duplicates).toEqual([{ path: 'Shirts/dup.png', keptAs: 'shirt/a.png' }]);
    expect(m.meta().classes).toEqual(['shirt', 'shoe']);
    expect(m.meta().count).toBe(4);
    expect(m.meta().sources.map((s) => s.name)).toEqual(['one', 'two']);
    const slots = m.images.map((r) => pixelIndexOf(m.meta(), r)).sort();
    expect(new Set(slots).size).toBe(4);
  });

  it('records the source as incomplete until the import finishes, so an interrupted one can be found after a reload', async () => {
    const m = memoryDeps();
    const written: boolean[] = [];
    const write = m.deps.store.write;
    m.deps.store.write = async (batch) => {
      written.push(batch.meta.sources[0].complete);
      return write(batch);
    };
    await ingest({ sourceName: 's', candidates: Array.from({ length: 7 }, (_, i) => file(`x/${i}.png`, png(4, 4, [i, i, i]))), flushEvery: 2, concurrency: 1 }, m.deps);
    expect(written.length).toBeGreaterThan(2);
    expect(written.slice(0, -1).every((c) => c === false)).toBe(true);
    expect(written.at(-1)).toBe(true);
    expect(m.meta().sources[0]).toMatchObject({ name: 's', imported: 7, skipped: 0, complete: true });
  });

  it('stops when cancelled, listing what was not read', async () => {
    const m = memoryDeps();
    let calls = 0;
    const report = await ingest(
      {
        sourceName: 'c',
        candidates: Array.from({ length: 10 }, (_, i) => file(`x/${i}.png`, png(4, 4, [i, i, i]))),
        isCancelled: () => ++calls > 3,
        concurrency: 1,
      },
      m.deps,
    );
    expect(report.cancelled).toBe(true);
    expect(report.imported).toBeLessThan(10);
    expect(report.imported + report.skipped.filter((s) => s.reason === 'cancelled').length).toBe(10);
  });

  it('letterboxes a wide colour image on the chosen background', async () => {
    const m = memoryDeps();
    await ingest({ sourceName: 'w', candidates: [file('w.png', png(64, 32, [0, 0, 255]))], format: { size: 32, background: '#ffffff' } }, m.deps);
    const px = m.chunks.get(0)!;
    // Rows 0–7 are the white bar, rows 8–23 the blue image.
    expect([...px.subarray(0, 3)]).toEqual([255, 255, 255]);
    expect([...px.subarray(16 * 32 * 3, 16 * 32 * 3 + 3)]).toEqual([0, 0, 255]);
  });

  it('sizes pixel chunks from a large working format and stores images across a chunk boundary', async () => {
    const m = memoryDeps();
    const size = 256;
    const bpi = size * size * 3;
    const perChunk = Math.floor((8 * 1024 * 1024) / bpi); // the rule, computed here: 42
    expect(perChunk).toBe(42);
    const n = perChunk + 5;
    const colour = (i: number): [number, number, number] => [i, 255 - i, (i * 37) % 256];
    const candidates = Array.from({ length: n }, (_, i) => file(`c${i % 2}/${i}.png`, png(4, 4, colour(i))));
    const report = await ingest({ sourceName: 'big', candidates, format: { size, channels: 3 }, flushEvery: 10 }, m.deps);
    expect(report.imported).toBe(n);
    expect(m.meta().chunkImages).toBe(perChunk);
    expect(m.meta().nextSlot).toBe(n);
    // Slots are dense, each used once; chunk and slot agree with the dataset-wide index.
    const indices = m.images.map((r) => r.chunk * perChunk + r.slot).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(m.images.every((r) => r.slot < perChunk)).toBe(true);
    expect([...m.chunks.keys()].sort()).toEqual([0, 1]);
    expect(m.chunks.get(0)!.length).toBe(perChunk * bpi);
    expect(m.chunks.get(1)!.length).toBe(perChunk * bpi);
    // Every image reads back with its own colour, on both sides of the boundary.
    for (const r of m.images) {
      const i = Number(r.sourceName.match(/(\d+)\.png$/)![1]);
      const px = m.chunks.get(r.chunk)!.subarray(r.slot * bpi, (r.slot + 1) * bpi);
      for (const at of [0, (size * size) / 2 + size / 2, size * size - 1]) expect([...px.subarray(at * 3, at * 3 + 3)]).toEqual(colour(i));
    }
    expect(m.images.some((r) => r.chunk === 0 && r.slot === perChunk - 1)).toBe(true);
    expect(m.images.some((r) => r.chunk === 1 && r.slot === 0)).toBe(true);
  });

  it('keeps an existing dataset’s chunk size when merging into it, including the 512 of an old meta', async () => {
    // A dataset stored before chunk sizes existed: 80×80 RGB would get 436 images per chunk
    // today, but its chunks hold 512, so slots 510–513 must straddle chunks 0 and 1 at 512.
    expect(chunkImagesFor({ size: 80, channels: 3 })).toBe(Math.floor((8 * 1024 * 1024) / (80 * 80 * 3)));
    const m = memoryDeps();
    const bpi = 80 * 80 * 3;
    const old: DatasetMeta = {
      id: 'old',
      name: 'old',
      createdAt: 0,
      format: { size: 80, channels: 3, fit: 'letterbox', background: '#ffffff' },
      classes: ['a'],
      sources: [],
      count: 510,
      nextSlot: 510,
    };
    const filled = new Uint8Array(512 * bpi).fill(7);
    await m.deps.store.write({ meta: old, images: [], chunks: [{ chunk: 0, data: filled }], originals: [] });
    const colour = (i: number): [number, number, number] => [50 + i, 60 + i, 70 + i];
    await ingest(
      {
        sourceName: 'more',
        candidates: Array.from({ length: 4 }, (_, i) => file(`a/${i}.png`, png(2, 2, colour(i)))),
        existing: { meta: old, hashes: new Map() },
        format: { size: 28, channels: 1 },
        concurrency: 1,
      },
      m.deps,
    );
    expect(m.meta().chunkImages).toBeUndefined();
    expect(m.meta().format.size).toBe(80);
    expect(m.images.map((r) => [r.chunk, r.slot])).toEqual([[0, 510], [0, 511], [1, 0], [1, 1]]);
    expect(m.chunks.get(0)!.length).toBe(512 * bpi);
    expect(m.chunks.get(0)![509 * bpi]).toBe(7); // the old pixels stay
    m.images.forEach((r, i) => expect([...m.chunks.get(r.chunk)!.subarray(r.slot * bpi, r.slot * bpi + 3)]).toEqual(colour(i)));

    // A dataset created with its own chunk size keeps it too.
    const sized = { ...m.meta(), id: 'sized', chunkImages: 3, nextSlot: 2, count: 2 };
    const m2 = memoryDeps();
    await ingest({ sourceName: 's', candidates: [file('a/x.png', png(2, 2, [1, 2, 3])), file('a/y.png', png(2, 2, [4, 5, 6]))], existing: { meta: sized, hashes: new Map() }, concurrency: 1 }, m2.deps);
    expect(m2.meta().chunkImages).toBe(3);
    expect(m2.images.map((r) => [r.chunk, r.slot])).toEqual([[0, 2], [1, 0]]);
    expect(m2.chunks.get(1)!.length).toBe(3 * bpi);
  });

  it('reports the README, manifests and pipeline of an exported zip as not images, and imports its splits', async () => {
    const m = memoryDeps();
    const text = (s: string) => new TextEncoder().encode(s);
    /** Non-image files must be refused unread: reading one fails the test. */
    const unread = (path: string, bytes: Uint8Array): Candidate => ({ path, size: bytes.length, read: async () => { throw new Error(`${path} was read`); } });
    const report = await ingest(
      {
        sourceName: 'export.zip',
        candidates: [
          unread('README.md', text('# My dataset\n\nExported by Augment Studio.\n')),
          unread('manifest.json', text('{"rows":[]}')),
          unread('manifest.csv', text('path,label,split\n')),
          unread('pipeline.json', text('{"v":1}')),
          file('LICENSE', text('MIT License\n')),
          file('train/cat/001.png', png(28, 28, [10, 10, 10])),
          file('train/cat/002.png', png(28, 28, [20, 20, 20])),
          file('train/dog/003.png', png(28, 28, [30, 30, 30])),
          file('test/cat/004.png', png(28, 28, [40, 40, 40])),
          file('test/dog/005.png', png(28, 28, [50, 50, 50])),
          file('test/dog/006', png(28, 28, [60, 60, 60])), // no extension: its bytes say PNG
        ],
        folders: ['train/', 'train/cat/', 'train/dog/', 'test/', 'test/cat/', 'test/dog/'],
      },
      m.deps,
    );
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      'README.md': 'not-an-image',
      'manifest.json': 'not-an-image',
      'manifest.csv': 'not-an-image',
      'pipeline.json': 'not-an-image',
      LICENSE: 'not-an-image',
    });
    const message = (p: string) => report.skipped.find((s) => s.path === p)!.message;
    expect(message('README.md')).toMatch(/Markdown/);
    expect(message('manifest.json')).toMatch(/JSON/);
    expect(message('manifest.csv')).toMatch(/CSV/);
    expect(message('pipeline.json')).toMatch(/JSON/);
    expect(report.layout).toBe('imagefolder-split');
    expect(report.imported).toBe(6);
    expect(report.emptyClasses).toEqual([]);
    expect(m.meta().classes).toEqual(['cat', 'dog']);
    const placed = Object.fromEntries(m.images.map((r) => [r.sourceName, [r.split, r.label]]));
    expect(placed).toEqual({
      'train/cat/001.png': ['train', 'cat'],
      'train/cat/002.png': ['train', 'cat'],
      'train/dog/003.png': ['train', 'dog'],
      'test/cat/004.png': ['test', 'cat'],
      'test/dog/005.png': ['test', 'dog'],
      'test/dog/006': ['test', 'dog'],
    });
  });
});
