/** The running experiment: which arm and seed, step, loss, validation accuracy, time left, finished runs. */
import { ARM_WORDS, formatPercent } from '../../core/evaluate/significance';
import { useEvaluate } from '../../store/evaluate';

function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '…';
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  return `${Math.round(s / 60)} min`;
}

export function ProgressView() {
  const status = useEvaluate((s) => s.status);
  const phase = useEvaluate((s) => s.phase);
  const live = useEvaluate((s) => s.live);
  const est = useEvaluate((s) => s.estimate);
  if (status !== 'running' && status !== 'cancelling') return null;
  const p = live.progress;
  const overall = p ? (live.point + p.fraction) / live.points : 0;
  return (
    <section className="eval-progress" data-testid="eval-progress" aria-live="polite">
      <div className="row">
        <strong>{phase}</strong>
        {est && <span className="muted">estimated {est.text}</span>}
      </div>
      <progress max={1} value={overall} />
      {p && (
        <p data-testid="eval-progress-text">
          {live.points > 1 && `n = ${live.perClass} per class (${live.point + 1} of ${live.points}) · `}
          run {p.run + 1} of {p.runs}: {ARM_WORDS[p.arm].label}, seed {p.seed} · step {p.step} of {p.steps} · epoch {p.epoch.toFixed(1)}
          {p.loss !== undefined && ` · loss ${p.loss.toFixed(3)}`}
          {p.validationAccuracy !== undefined && ` · validation ${formatPercent(p.validationAccuracy)}`} · {p.stepsPerSecond.toFixed(1)} steps/s · about {duration(p.etaSeconds)} left
        </p>
      )}
      {live.runs.length > 0 && (
        <ul className="eval-finished-runs">
          {live.runs.map((r) => (
            <li key={`${r.arm}-${r.seed}`}>
              {ARM_WORDS[r.arm].label}, seed {r.seed}: {formatPercent(r.accuracy)} accuracy, macro-F1 {formatPercent(r.macroF1)} ({r.seconds.toFixed(0)} s)
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
