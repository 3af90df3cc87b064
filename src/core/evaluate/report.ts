/**
 * The Evaluate report: JSON (schema-versioned, for the workspace history and the export zip) and
 * a standalone HTML page (inline styles, no scripts, no external resources) a user can download,
 * open offline and send on. Every user-supplied string is escaped.
 */
import type { WorkingFormat } from '../dataset/types';
import { esc, list, table } from './html';
import { ARM_WORDS, formatMeanStd, formatPercent, type MeanStd } from './significance';
import type { SweepCurve, SweepResult } from './sweep';
import type { ExperimentResult } from './types';

export const REPORT_SCHEMA = 'augment-studio/evaluate-report';
export const REPORT_VERSION = 1;

export interface ReportDataset {
  name: string;
  format?: WorkingFormat;
  /** Images per class in the whole dataset (class-id order). */
  countsPerClass?: number[];
  totalImages?: number;
}

export interface ReportPipeline {
  name: string;
  id?: string;
  /** One plain description per transform, e.g. "HorizontalFlip (p 0.5)". */
  steps?: string[];
  /** The pipeline JSON, included verbatim. */
  json?: unknown;
}

/** Generative quality as models/metrics reports it (GenerativeQuality is assignable to this). */
export interface ReportQuality {
  fcd: number;
  precision: number;
  recall: number;
  k?: number;
  realCount?: number;
  generatedCount?: number;
}

export interface ReportGenerator {
  name: string;
  kind?: string;
  modelId?: string;
  checkpointStep?: number;
  quality?: ReportQuality;
  /** Synthetic images available to the experiment. */
  syntheticImages?: number;
}

export interface ReportInputs {
  dataset: ReportDataset;
  result: ExperimentResult | SweepResult;
  pipeline?: ReportPipeline;
  generator?: ReportGenerator;
  /** ISO 8601; default now. */
  createdAt?: string;
  appVersion?: string;
}

export const REPORT_CONVENTIONS = {
  accuracy: 'Share of validation images classified correctly. Validation images are real, never trained on and never augmented.',
  meanStd: 'Mean ± sample standard deviation (n - 1) over seeds, in percentage points.',
  perClassAccuracy: 'Per-class accuracy is recall: correct predictions of a class over its validation images.',
  macroF1: 'Mean over classes of F1 = 2TP / (2TP + FP + FN); classes absent from both the truth and the predictions are excluded.',
  confusion: 'Rows are the true class, columns the predicted class; summed over seeds.',
  test: 'Each arm against real data alone: two-sided paired t-test on per-seed accuracy differences (same seed = same initial weights, batch order and data subset), no correction for multiple arms.',
} as const;

export interface EvaluateReport {
  schema: typeof REPORT_SCHEMA;
  version: typeof REPORT_VERSION;
  createdAt: string;
  appVersion?: string;
  dataset: ReportDataset;
  pipeline?: ReportPipeline;
  generator?: ReportGenerator;
  conventions: typeof REPORT_CONVENTIONS;
  /** One experiment, or one per point of a low-data sweep (ascending n). */
  experiments: ExperimentResult[];
  sweep?: { perClass: number[]; curves: SweepCurve[]; status: SweepResult['status'] };
}

function isSweep(r: ExperimentResult | SweepResult): r is SweepResult {
  return 'points' in r;
}

export function buildReport(inputs: ReportInputs): EvaluateReport {
  const r = inputs.result;
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    createdAt: inputs.createdAt ?? new Date().toISOString(),
    ...(inputs.appVersion ? { appVersion: inputs.appVersion } : {}),
    dataset: inputs.dataset,
    ...(inputs.pipeline ? { pipeline: inputs.pipeline } : {}),
    ...(inputs.generator ? { generator: inputs.generator } : {}),
    conventions: REPORT_CONVENTIONS,
    experiments: isSweep(r) ? r.points : [r],
    ...(isSweep(r) ? { sweep: { perClass: r.perClass, curves: r.curves, status: r.status } } : {}),
  };
}

/** Pretty JSON; NaN and ±Infinity become null (JSON has neither). */
export function reportToJson(report: EvaluateReport): string {
  return JSON.stringify(report, null, 2);
}

/** Reads a report back; throws a clear error for anything that is not a version-1 Evaluate report. */
export function parseReport(text: string): EvaluateReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`This file is not valid JSON (${(e as Error).message}).`);
  }
  const v = value as Partial<EvaluateReport> | null;
  if (!v || typeof v !== 'object' || v.schema !== REPORT_SCHEMA) throw new Error('This file is not an Augment Studio Evaluate report.');
  if (v.version !== REPORT_VERSION) {
    throw new Error(`This report has version ${String(v.version)}; this app reads version ${REPORT_VERSION}. Update the app to open it.`);
  }
  if (!Array.isArray(v.experiments) || !v.dataset || typeof v.dataset.name !== 'string') throw new Error('This report is incomplete: it has no dataset or experiments.');
  return v as EvaluateReport;
}

// ---------- HTML ----------

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
h3{font-size:1rem;margin-top:1.2rem}.muted{color:#57606a}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:right;font-variant-numeric:tabular-nums}
th[scope=row],thead th:first-child{text-align:left}thead th{background:#f6f8fa}
.verdict{border-left:4px solid #57606a;background:#f6f8fa;padding:.5rem .8rem;margin:.5rem 0}
.verdict.raised{border-color:#1a7f37}.verdict.lowered{border-color:#cf222e}
.confusion td{min-width:2.2rem}.matrices{display:flex;flex-wrap:wrap;gap:1.5rem}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:24rem}
`;

function pct(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : formatPercent(x);
}

function ms(s: MeanStd): string {
  return s.n === 0 || Number.isNaN(s.mean) ? '–' : esc(formatMeanStd(s));
}

function num(x: number | undefined, digits = 3): string {
  return x === undefined || x === null || Number.isNaN(x) ? '–' : esc(Number(x.toFixed(digits)));
}

function datasetSection(report: EvaluateReport, first: ExperimentResult): string {
  const d = report.dataset;
  const f = d.format;
  const names = first.classNames;
  const facts = [
    `Classes: ${names.length}`,
    ...(d.totalImages !== undefined ? [`Images: ${d.totalImages}`] : []),
    ...(f ? [`Working format: ${f.size}×${f.size}, ${f.channels === 1 ? 'grey' : 'RGB'}, ${f.fit}`] : []),
    `Validation: ${first.validation.count} real images, ${first.validation.source === 'held-out' ? 'held out from the training data (stratified, seeded)' : 'the split that came with the data'}`,
  ];
  const rows = [
    ['Class', ...(d.countsPerClass ? ['In dataset'] : []), 'Training (per run)', 'Validation'].map(esc),
    ...names.map((n, c) => [
      esc(n),
      ...(d.countsPerClass ? [esc(d.countsPerClass[c] ?? '–')] : []),
      esc(first.trainCountsPerClass[c] ?? '–'),
      esc(first.validation.countsPerClass[c]),
    ]),
  ];
  return `<h2>Dataset</h2>${list(facts)}${table(rows)}`;
}

function pipelineSection(p: ReportPipeline | undefined): string {
  if (!p) return '';
  const steps = p.steps && p.steps.length > 0 ? list(p.steps) : '';
  const json = p.json === undefined ? '' : `<details><summary>Pipeline JSON</summary><pre>${esc(JSON.stringify(p.json, null, 2))}</pre></details>`;
  return `<h2>Augmentation pipeline</h2><p>${esc(p.name)}${p.id ? ` <span class="muted">(${esc(p.id)})</span>` : ''}</p>${steps}${json}`;
}

function generatorSection(g: ReportGenerator | undefined): string {
  if (!g) return '';
  const facts = [
    `${g.name}${g.kind ? ` (${g.kind})` : ''}`,
    ...(g.modelId ? [`Model id: ${g.modelId}${g.checkpointStep !== undefined ? `, step ${g.checkpointStep}` : ''}`] : []),
    ...(g.syntheticImages !== undefined ? [`Synthetic images: ${g.syntheticImages}`] : []),
  ];
  const q = g.quality;
  const quality = q
    ? table([
        ['Measure', 'Value'].map(esc),
        ['FCD (Fréchet classifier distance; lower is closer; not FID)', num(q.fcd, 2)],
        [`Precision (k = ${esc(q.k ?? 3)}; fidelity)`, num(q.precision)],
        [`Recall (k = ${esc(q.k ?? 3)}; coverage)`, num(q.recall)],
        ...(q.realCount !== undefined ? [['Real / generated images', `${esc(q.realCount)} / ${esc(q.generatedCount ?? '–')}`]] : []),
      ])
    : '';
  return `<h2>Generator</h2>${list(facts)}${quality}`;
}

function setupList(r: ExperimentResult): string {
  const p = r.plan;
  return list([
    `Arms: ${p.arms.map((a) => ARM_WORDS[a].label).join('; ')}`,
    `Seeds: ${p.seeds.join(', ')} (same seeds in every arm)`,
    `Budget per run: ${p.stepsPerRun} steps of ${p.batchSize} real images (${Number(p.epochs.toFixed(2))} epochs over ${p.trainImages} real training images), Adam ${p.learningRate}`,
    ...(p.arms.some((a) => a === 'synthetic' || a === 'both') ? [`Arms with synthetic data add ${p.syntheticPerReal} synthetic image(s) per real image to each step (${p.mixedBatchSize} images per step)`] : []),
    ...(p.perClass !== null ? [`Low-data mode: at most ${p.perClass} real training images per class`] : []),
    ...r.notes,
  ]);
}

function resultsTable(r: ExperimentResult): string {
  const rows = [
    ['Arm', 'Accuracy', 'Macro-F1', 'Per seed (accuracy)'].map(esc),
    ...r.arms.map((a) => [
      esc(a.label),
      ms(a.accuracy),
      ms(a.macroF1),
      esc(
        r.runs
          .filter((x) => x.arm === a.arm)
          .map((x) => `${x.seed}: ${formatPercent(x.accuracy)}`)
          .join(', ') || '–',
      ),
    ]),
  ];
  return table(rows);
}

function perClassTable(r: ExperimentResult): string {
  return table([
    ['Class', ...r.arms.map((a) => a.label)].map(esc),
    ...r.classNames.map((n, c) => [esc(n), ...r.arms.map((a) => esc(pct(a.perClassAccuracy[c])))]),
  ]);
}

/** Counts, shaded by their share of the row: green on the diagonal, red off it. */
function confusionTable(names: readonly string[], m: number[][]): string {
  const head = `<tr><th>true \\ predicted</th>${names.map((n) => `<th>${esc(n)}</th>`).join('')}</tr>`;
  const body = m
    .map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      const cells = row
        .map((n, p) => {
          const share = total > 0 ? n / total : 0;
          const style = share > 0 ? ` style="background:rgba(${t === p ? '26,127,55' : '207,34,46'},${(0.6 * share).toFixed(3)})"` : '';
          return `<td${style} title="${esc(`${names[t]} → ${names[p]}: ${n}`)}">${esc(n)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(names[t])}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="confusion"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function experimentSection(r: ExperimentResult, heading: string): string {
  const verdicts = r.verdicts.map((v) => `<p class="verdict ${esc(v.kind)}">${esc(v.text)}</p>`).join('');
  const matrices = r.arms
    .filter((a) => a.seeds.length > 0)
    .map((a) => `<div><h3>${esc(a.label)}</h3>${confusionTable(r.classNames, a.confusion)}</div>`)
    .join('');
  return (
    `<h2>${esc(heading)}</h2>` +
    (r.status === 'cancelled' ? `<p class="muted">This experiment was cancelled; the numbers cover the runs that finished.</p>` : '') +
    `${verdicts || '<p class="muted">Only real data was trained: nothing to compare.</p>'}` +
    `<h3>Setup</h3>${setupList(r)}<h3>Results</h3>${resultsTable(r)}<h3>Per-class accuracy</h3>${perClassTable(r)}` +
    `<h3>Confusion matrices</h3><div class="matrices">${matrices}</div>`
  );
}

function sweepSection(sweep: NonNullable<EvaluateReport['sweep']>): string {
  const rows = [
    ['Images per class', ...sweep.curves.map((c) => c.label)].map(esc),
    ...sweep.perClass.map((n) => [esc(n), ...sweep.curves.map((c) => {
      const i = c.perClass.indexOf(n);
      return i < 0 ? '–' : ms(c.accuracy[i]);
    })]),
  ];
  return `<h2>Accuracy against training images per class</h2>${table(rows)}${sweepChart(sweep)}`;
}

const COLOURS = ['#57606a', '#1a7f37', '#8250df', '#bc4c00'];

/** An inline SVG line chart of mean accuracy against n (log scale when n spans a decade or more). */
function sweepChart(sweep: NonNullable<EvaluateReport['sweep']>): string {
  const ns = sweep.perClass;
  if (ns.length < 2) return '';
  const W = 520;
  const H = 260;
  const pad = { l: 48, r: 12, t: 12, b: 36 };
  const log = ns[ns.length - 1] / ns[0] >= 10;
  const fx = (n: number) => (log ? Math.log(n) : n);
  const x0 = fx(ns[0]);
  const x1 = fx(ns[ns.length - 1]);
  const X = (n: number) => pad.l + ((fx(n) - x0) / (x1 - x0)) * (W - pad.l - pad.r);
  const Y = (a: number) => pad.t + (1 - a) * (H - pad.t - pad.b);
  const lines = sweep.curves
    .map((c, i) => {
      const pts = c.perClass.map((n, j) => [X(n), Y(c.accuracy[j].mean)] as const).filter(([, y]) => Number.isFinite(y));
      const colour = COLOURS[i % COLOURS.length];
      return (
        `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>` +
        pts.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${colour}"/>`).join('') +
        `<text x="${W - pad.r - 4}" y="${pad.t + 14 + 14 * i}" text-anchor="end" font-size="11" fill="${colour}">${esc(c.label)}</text>`
      );
    })
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((a) => `<text x="${pad.l - 6}" y="${Y(a) + 4}" text-anchor="end" font-size="10">${a * 100}%</text><line x1="${pad.l}" x2="${W - pad.r}" y1="${Y(a)}" y2="${Y(a)}" stroke="#eaeef2"/>`).join('');
  const xt = ns.map((n) => `<text x="${X(n)}" y="${H - pad.b + 14}" text-anchor="middle" font-size="10">${esc(n)}</text>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Validation accuracy against training images per class">` +
    `${ticks}${xt}<text x="${(W + pad.l) / 2}" y="${H - 4}" text-anchor="middle" font-size="11">real training images per class${log ? ' (log scale)' : ''}</text>${lines}</svg>`
  );
}

export function reportToHtml(report: EvaluateReport): string {
  const first = report.experiments[0];
  const title = `Evaluate report: ${report.dataset.name}`;
  const experiments = report.experiments
    .map((r) => experimentSection(r, report.experiments.length > 1 ? `${r.plan.perClass} real training images per class` : 'Experiment'))
    .join('');
  const conventions = list(Object.values(report.conventions));
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>` +
    `<h1>${esc(title)}</h1><p class="muted">Created ${esc(report.createdAt)}${report.appVersion ? ` with Augment Studio ${esc(report.appVersion)}` : ' with Augment Studio'}. ` +
    `Everything was computed on the user's machine.</p>` +
    (first ? datasetSection(report, first) : '') +
    pipelineSection(report.pipeline) +
    generatorSection(report.generator) +
    (report.sweep ? sweepSection(report.sweep) : '') +
    experiments +
    `<h2>How to read this</h2>${conventions}` +
    `</body></html>`
  );
}
