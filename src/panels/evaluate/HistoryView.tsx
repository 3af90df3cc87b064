/** Saved experiments of this dataset, newest first; open one, delete one, or tick several to compare side by side. */
import { ARM_WORDS, formatMeanStd } from '../../core/evaluate/significance';
import { ARMS, type Arm } from '../../core/evaluate/types';
import { useEvaluate } from '../../store/evaluate';
import type { ExperimentSummary } from '../../../workers/evaluate/types';
import { openRecord, removeRecord } from './evaluateClient';

function Compare({ runs }: { runs: ExperimentSummary[] }) {
  const arms = ARMS.filter((a) => runs.some((r) => r.arms.some((x) => x.arm === a))) as Arm[];
  const cell = (r: ExperimentSummary, arm: Arm) => r.arms.find((x) => x.arm === arm);
  return (
    <div className="eval-compare-scroll">
      <table className="eval-table" data-testid="eval-compare">
        <thead>
          <tr>
            <th />
            {runs.map((r) => (
              <th key={r.id}>{new Date(r.createdAt).toLocaleString()}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Setting</th>
            {runs.map((r) => (
              <td key={r.id}>{r.title}</td>
            ))}
          </tr>
          <tr>
            <th>Pipeline</th>
            {runs.map((r) => (
              <td key={r.id}>{r.pipelineName ?? '—'}</td>
            ))}
          </tr>
          <tr>
            <th>Generator</th>
            {runs.map((r) => (
              <td key={r.id}>{r.generatorName ?? '—'}</td>
            ))}
          </tr>
          <tr>
            <th>Steps per run</th>
            {runs.map((r) => (
              <td key={r.id}>{r.stepsPerRun}</td>
            ))}
          </tr>
          {arms.map((arm) => (
            <tr key={arm}>
              <th>{ARM_WORDS[arm].label}: accuracy · macro-F1</th>
              {runs.map((r) => {
                const c = cell(r, arm);
                return <td key={r.id}>{c ? `${formatMeanStd(c.accuracy)} · ${formatMeanStd(c.macroF1)}` : '—'}</td>;
              })}
            </tr>
          ))}
          <tr>
            <th>Verdict</th>
            {runs.map((r) => (
              <td key={r.id}>{r.verdicts.join(' ') || '—'}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function HistoryView({ datasetId }: { datasetId: string }) {
  const history = useEvaluate((s) => s.history);
  const compare = useEvaluate((s) => s.compare);
  const current = useEvaluate((s) => s.record?.id);
  const toggle = useEvaluate((s) => s.toggleCompare);
  const busy = useEvaluate((s) => s.status !== 'idle');
  if (history.length === 0) return null;
  const chosen = history.filter((h) => compare.includes(h.id));
  return (
    <section className="eval-history" data-testid="eval-history">
      <h3>History</h3>
      <ul>
        {history.map((h) => (
          <li key={h.id} data-testid="eval-history-item" data-id={h.id} className={h.id === current ? 'selected' : ''}>
            <label className="check" title="Compare side by side">
              <input type="checkbox" checked={compare.includes(h.id)} onChange={() => toggle(h.id)} data-testid="eval-history-compare" />
            </label>
            <button className="link" onClick={() => void openRecord(h.id)} data-testid="eval-history-open">
              {new Date(h.createdAt).toLocaleString()} — {h.title}
              {h.status === 'cancelled' ? ' (cancelled)' : ''}
            </button>
            <span className="muted">{h.arms.map((a) => `${a.label} ${formatMeanStd(a.accuracy)}`).join(' · ')}</span>
            <button className="ghost" disabled={busy} onClick={() => void removeRecord(h.id, datasetId)} aria-label="Delete this experiment">
              Delete
            </button>
          </li>
        ))}
      </ul>
      {chosen.length >= 2 ? <Compare runs={chosen} /> : <p className="muted">Tick two or more experiments to compare them side by side.</p>}
    </section>
  );
}
