/** One saved experiment: verdicts, the per-arm table, per-class accuracy, confusion matrix, curves, downloads. */
import { useMemo, useState } from 'react';
import { UPlotChart } from '../../lib/charts/UPlotChart';
import { reportToHtml, reportToJson } from '../../core/evaluate/report';
import { ARM_WORDS, formatMeanStd, formatPercent } from '../../core/evaluate/significance';
import type { ExperimentResult } from '../../core/evaluate/types';
import type { ExperimentRecord } from '../../../workers/evaluate/types';
import { sweepChart, trainingLossChart, validationChart } from './charts';
import { ConfusionMatrix } from './ConfusionMatrix';
import { downloadText, reportFileName } from './download';

function ArmTable({ result }: { result: ExperimentResult }) {
  return (
    <table className="eval-table" data-testid="eval-results">
      <thead>
        <tr>
          <th>Arm</th>
          <th>Accuracy (mean ± std)</th>
          <th>Macro-F1</th>
          <th>Per seed</th>
        </tr>
      </thead>
      <tbody>
        {result.arms.map((a) => (
          <tr key={a.arm} data-testid="eval-arm-row" data-arm={a.arm} data-accuracy={a.accuracy.mean} data-seeds={a.seeds.length}>
            <td>{a.label}</td>
            <td>{formatMeanStd(a.accuracy)}</td>
            <td>{formatMeanStd(a.macroF1)}</td>
            <td className="muted">
              {result.runs
                .filter((r) => r.arm === a.arm)
                .map((r) => `${(100 * r.accuracy).toFixed(1)} (seed ${r.seed})`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PerClassTable({ result }: { result: ExperimentResult }) {
  return (
    <details className="eval-per-class">
      <summary>Per-class accuracy (recall, mean over seeds)</summary>
      <table className="eval-table" data-testid="eval-per-class">
        <thead>
          <tr>
            <th>Class</th>
            <th className="num">validation images</th>
            {result.arms.map((a) => (
              <th key={a.arm}>{a.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.classNames.map((c, i) => (
            <tr key={c}>
              <td>{c}</td>
              <td className="num">{result.validation.countsPerClass[i]}</td>
              {result.arms.map((a) => (
                <td key={a.arm}>{a.perClassAccuracy[i] === null ? '—' : formatPercent(a.perClassAccuracy[i]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Verdicts({ result }: { result: ExperimentResult }) {
  return (
    <div className="eval-verdict" data-testid="eval-verdict">
      {result.verdicts.length === 0 ? (
        <p>Only the baseline ({ARM_WORDS.real.label}) finished: there is nothing to compare it with.</p>
      ) : (
        result.verdicts.map((v) => (
          <p key={v.arm} data-kind={v.kind} data-arm={v.arm}>
            <strong>{v.caveat ? v.text.slice(0, v.text.length - v.caveat.length).trim() : v.text}</strong>
            {v.caveat && <span className="muted"> {v.caveat}</span>}
          </p>
        ))
      )}
    </div>
  );
}

function Experiment({ result }: { result: ExperimentResult }) {
  const loss = useMemo(() => trainingLossChart(result), [result]);
  const val = useMemo(() => validationChart(result), [result]);
  const hasValidationCurve = val.data[0].length > 0;
  return (
    <>
      <Verdicts result={result} />
      <p className="muted">
        {result.plan.trainImages.toLocaleString()} real training images per run{result.plan.perClass ? ` (at most ${result.plan.perClass} per class)` : ''}, {result.plan.stepsPerRun} steps of{' '}
        {result.plan.batchSize} ({result.plan.epochs.toFixed(1)} epochs), Adam {result.plan.learningRate}; {result.validation.count.toLocaleString()} validation images
        {result.validation.source === 'held-out' ? ' held out' : ''}; {result.seconds.toFixed(0)} s.
      </p>
      <ArmTable result={result} />
      {result.notes.length > 0 && (
        <ul className="eval-notes" data-testid="eval-notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <PerClassTable result={result} />
      <ConfusionMatrix result={result} />
      <div className="eval-charts" data-testid="eval-curves">
        <UPlotChart options={loss.options} data={loss.data} height={220} />
        {hasValidationCurve && <UPlotChart options={val.options} data={val.data} height={220} />}
      </div>
    </>
  );
}

export function ResultsView({ record }: { record: ExperimentRecord }) {
  const report = record.report;
  const points = report.experiments;
  const [index, setIndex] = useState(points.length - 1);
  const point = points[Math.min(index, points.length - 1)];
  const sweep = useMemo(() => (report.sweep ? sweepChart(report.sweep.curves) : null), [report]);
  return (
    <section className="eval-results-panel" data-testid="eval-result" data-id={record.id} data-status={record.status}>
      <div className="row">
        <h3>{record.title}</h3>
        <span className="muted">
          {new Date(record.createdAt).toLocaleString()} · {record.backend}
          {record.status === 'cancelled' ? ' · cancelled: the runs that finished' : ''}
        </span>
        <span className="spacer" />
        <button data-testid="eval-report-json" onClick={() => downloadText(reportToJson(report), reportFileName(record.datasetName, record.createdAt, 'json'), 'application/json')}>
          Report (JSON)
        </button>
        <button data-testid="eval-report-html" onClick={() => downloadText(reportToHtml(report), reportFileName(record.datasetName, record.createdAt, 'html'), 'text/html')}>
          Report (HTML)
        </button>
      </div>
      {report.pipeline && (
        <p className="muted">
          Pipeline “{report.pipeline.name}”: {report.pipeline.steps?.join(', ') || 'no active transform'}.
        </p>
      )}
      {report.generator && (
        <p className="muted">
          Synthetic images: {report.generator.syntheticImages?.toLocaleString()} from “{report.generator.name}”
          {report.generator.quality && ` (FCD ${report.generator.quality.fcd.toFixed(2)}, precision ${formatPercent(report.generator.quality.precision)}, recall ${formatPercent(report.generator.quality.recall)})`}.
        </p>
      )}
      {sweep && (
        <div data-testid="eval-sweep-chart">
          <UPlotChart options={sweep.options} data={sweep.data} height={260} />
        </div>
      )}
      {points.length > 1 && (
        <label className="row">
          Details for
          <select data-testid="eval-point" value={Math.min(index, points.length - 1)} onChange={(e) => setIndex(Number(e.target.value))}>
            {points.map((p, i) => (
              <option key={i} value={i}>
                n = {p.plan.perClass} per class
              </option>
            ))}
          </select>
        </label>
      )}
      {point ? <Experiment key={`${record.id}-${index}`} result={point} /> : <p>No run finished.</p>}
    </section>
  );
}
