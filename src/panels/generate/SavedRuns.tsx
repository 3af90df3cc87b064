/**
 * Runs saved in this workspace for the active dataset. After a reload (or a crashed tab) the
 * newest one is offered for resuming: training continues from its last checkpoint, step counter
 * and curves included.
 */
import { useGenerate } from '../../store/generate';
import { MODEL_LABELS, type RunInfo } from '../../../workers/train/types';
import { train } from './trainClient';

function ago(t: number): string {
  const s = Math.max(0, (Date.now() - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString();
}

function describe(r: RunInfo): string {
  return `${MODEL_LABELS[r.model]} · ${r.config.size}×${r.config.size} · ${r.classes.length} class${r.classes.length === 1 ? '' : 'es'} · step ${(r.checkpointStep ?? 0).toLocaleString('en-US')} · ${r.status}`;
}

export function ResumeOffer() {
  const runs = useGenerate((s) => s.savedRuns);
  const loaded = useGenerate((s) => s.run);
  const busy = useGenerate((s) => s.busy);
  const latest = runs.find((r) => r.checkpointStep !== null);
  if (loaded || !latest) return null;
  return (
    <div className="resume-offer" data-testid="resume-offer" data-run={latest.id} data-step={latest.checkpointStep ?? 0}>
      <span>
        <strong>{latest.name}</strong> was saved at step {(latest.checkpointStep ?? 0).toLocaleString('en-US')} ({ago(latest.updatedAt)}).
      </span>
      <button className="primary" data-testid="train-resume-saved" disabled={!!busy} onClick={() => void train.open(latest.id, latest.status !== 'finished')}>
        {latest.status === 'finished' ? 'Open it' : `Resume training from step ${(latest.checkpointStep ?? 0).toLocaleString('en-US')}`}
      </button>
      <button disabled={!!busy} data-testid="train-open-saved" onClick={() => void train.open(latest.id, false)}>
        Open paused
      </button>
    </div>
  );
}

export function SavedRuns() {
  const runs = useGenerate((s) => s.savedRuns);
  const loaded = useGenerate((s) => s.run);
  const busy = useGenerate((s) => s.busy);
  if (runs.length === 0) return null;
  return (
    <details className="saved-runs" data-testid="saved-runs">
      <summary>Saved runs ({runs.length})</summary>
      <ul>
        {runs.map((r) => (
          <li key={r.id} data-run={r.id}>
            <span>
              <strong>{r.name}</strong> <span className="muted">{describe(r)} · {ago(r.updatedAt)}</span>
              {r.quality && <span className="muted"> · FCD {r.quality.fcd.toFixed(1)} at step {r.quality.step}</span>}
            </span>
            <span className="spacer" />
            {loaded?.id === r.id ? (
              <span className="muted">loaded</span>
            ) : (
              <button disabled={!!busy || r.checkpointStep === null} onClick={() => void train.open(r.id, false)}>
                Open
              </button>
            )}
            <button className="ghost" disabled={!!busy} onClick={() => void train.deleteRun(r.id)} title="Deletes the run and its checkpoint (synthetic images it made stay, with their model)">
              Delete
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
