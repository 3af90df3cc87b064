/** Records and datasets for the export's unit tests (not used by the app). */
import type { DatasetMeta, ImageRecord, Split } from '../dataset/types';

let slot = 0;

export function record(p: Partial<ImageRecord> & Pick<ImageRecord, 'id'>): ImageRecord {
  return {
    datasetId: 'ds',
    label: 'cat',
    split: null,
    kind: 'original',
    chunk: 0,
    slot: slot++,
    sourceName: `${p.id}.png`,
    sourceId: 'src-1',
    width: 8,
    height: 8,
    channels: 3,
    bytes: 100,
    mime: 'image/png',
    hash: `hash-${p.id}`,
    ...p,
  };
}

export function dataset(classes: string[], p: Partial<DatasetMeta> = {}): DatasetMeta {
  return {
    id: 'ds',
    name: 'Test set',
    createdAt: 0,
    format: { size: 8, channels: 3, fit: 'letterbox', background: '#000000' },
    classes,
    sources: [],
    count: 0,
    nextSlot: 0,
    ...p,
  };
}

/** `n` originals of a class, ids `<label>-<i>`. */
export function originals(label: string, n: number, split: Split | null = null): ImageRecord[] {
  return Array.from({ length: n }, (_, i) => record({ id: `${label}-${i}`, label, split, sourceName: `${label}/${label}-${i}.png` }));
}

/** `variants` augmented images of each source. */
export function augmentedOf(sources: readonly ImageRecord[], variants: number): ImageRecord[] {
  return sources.flatMap((s) =>
    Array.from({ length: variants }, (_, v) =>
      record({
        id: `${s.id}~aug${v}`,
        label: s.label,
        kind: 'augmented',
        derivedFrom: s.id,
        sourceName: `${s.id}_aug${v}.png`,
        hash: `hash-${s.id}~aug${v}`,
        recipe: { pipelineId: 'pipe-1', seed: 7, variant: v, plan: [{ name: 'flip', params: { horizontal: true } }] },
      }),
    ),
  );
}

/** An independent RFC 4180 reader for the tests: fields, quotes, doubled quotes, CRLF inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
