/** Records and datasets for the export's unit tests (not used by the app). */
import type { DatasetMeta, ImageRecord, Split } from '../dataset/types';
import { buildReport, type EvaluateReport } from '../evaluate/report';
import { meanStd, verdict } from '../evaluate/significance';
import type { ArmSummary, ExperimentResult } from '../evaluate/types';
import type { SavedExperiment } from './experiment-report';

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

/** A finished two-arm experiment written by hand (no training): per-seed accuracies are the inputs. */
export function handExperiment(acc: { real: number[]; augmented?: number[] }, perClass: number | null = 10): ExperimentResult {
  const seeds = acc.real.map((_, i) => i + 1);
  const arm = (name: 'real' | 'augmented', label: string, a: number[]): ArmSummary => ({
    arm: name,
    label,
    seeds,
    accuracy: meanStd(a),
    macroF1: meanStd(a),
    perClassAccuracy: [a[0], a[0]],
    confusion: [
      [5, 0],
      [0, 5],
    ],
  });
  const arms = [arm('real', 'Real only', acc.real), ...(acc.augmented ? [arm('augmented', 'Real + augmentation', acc.augmented)] : [])];
  return {
    status: 'complete',
    classNames: ['cat', 'dog'],
    plan: {
      arms: arms.map((a) => a.arm),
      seeds,
      runs: arms.length * seeds.length,
      stepsPerRun: 3,
      batchSize: 4,
      mixedBatchSize: 4,
      syntheticPerReal: 0,
      learningRate: 0.001,
      epochs: 1,
      trainImages: 20,
      validationImages: 10,
      perClass,
      imageShape: [8, 8, 1],
      numClasses: 2,
    },
    trainCountsPerClass: [10, 10],
    validation: { source: 'held-out', count: 10, countsPerClass: [5, 5], labels: [], indices: [] },
    notes: [],
    runs: [],
    arms,
    verdicts: acc.augmented ? [verdict('augmented', acc.real, acc.augmented, { trainingImages: 20 })] : [],
    seconds: 1,
  };
}

export function savedExperiment(p: Partial<SavedExperiment> = {}, report?: EvaluateReport): SavedExperiment {
  return {
    id: 'experiment:1714979290000-abc123',
    datasetId: 'ds',
    createdAt: Date.UTC(2024, 4, 6, 7, 8, 10),
    title: 'Real vs augmentation · 2 seeds · 10/class',
    status: 'complete',
    report:
      report ??
      buildReport({
        dataset: { name: 'Test set' },
        result: handExperiment({ real: [0.7, 0.74], augmented: [0.8, 0.82] }),
        createdAt: '2024-05-06T07:08:10.000Z',
      }),
    ...p,
  };
}
