/** Start, pause, resume, stop, step once, slow motion; and the status line with the step number. */
import type { DatasetMeta } from '../../core/dataset/types';
import { useGenerate } from '../../store/generate';
import { buildRequest } from './request';
import { train } from './trainClient';

function rate(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function statusText(s: ReturnType<typeof useGenerate.getState>): string {
  const epochs = s.form.settings.epochs;
  const at = `step ${s.step.toLocaleString('en-US')}`;
  const epoch = `epoch ${s.epoch.toFixed(2)} of ${epochs}`;
  switch (s.state) {
    case 'idle':
      return s.busy === 'starting' ? 'Loading the images and building the model…' : s.busy === 'opening' ? 'Opening the saved run…' : 'Not training. Choose a model and press Start.';
    case 'running':
      return `Training · ${at} · ${epoch}${s.stepsPerSecond ? ` · ${rate(s.stepsPerSecond)} steps/s · ${rate(s.imagesPerSecond)} images/s` : ''}`;
    case 'stepping':
      return `Stepping · ${at}`;
    case 'paused':
      // Only a checkpoint of this very step counts as saved (a reload resumes from it).
      return `Paused at ${at} · ${epoch} · ${s.checkpoint?.step === s.step ? `checkpoint saved at step ${s.checkpoint.step.toLocaleString('en-US')}` : 'not saved since the last step'}`;
    case 'finished':
      return `Finished at ${at}: ${epochs} epochs done. Raise Epochs and resume to train on.`;
    case 'stopped':
      return `Stopped at ${at} · checkpoint saved`;
    case 'failed':
      return `Failed at ${at}${s.error ? `: ${s.error.message}` : ''}`;
  }
}

export function TrainControls({ meta }: { meta: DatasetMeta }) {
  const s = useGenerate();
  const { state, busy, run } = s;
  const running = state === 'running';
  const loaded = !!run && state !== 'idle';
  const canResume = loaded && (state === 'paused' || state === 'stopped' || state === 'finished');
  const start = () => void train.start(buildRequest(s.form, meta));

  return (
    <div className="train-controls">
      <div className="row">
        <button className="primary" data-testid="train-start" disabled={!!busy || running} onClick={start} title="A new run with the settings on the left">
          {loaded ? 'Start new' : 'Start'}
        </button>
        <button data-testid="train-pause" disabled={!running || !!busy} onClick={() => void train.pause()}>
          Pause
        </button>
        <button data-testid="train-resume" disabled={!canResume || !!busy} onClick={() => void train.resume()}>
          Resume
        </button>
        <button data-testid="train-step" disabled={!loaded || !!busy || state === 'failed'} onClick={() => void train.step()} title="One generator and discriminator update (one VAE update), then pause">
          Step once
        </button>
        <button data-testid="train-stop" disabled={!loaded || !!busy || state === 'stopped' || state === 'failed'} onClick={() => void train.stop()} title="End the run (a checkpoint is saved; it can be resumed later)">
          Stop
        </button>
        <label className="check" title="One training step per second, with the sample grid redrawn after each: for teaching">
          <input type="checkbox" data-testid="train-slow" checked={s.slowMotion} onChange={(e) => void train.slowMotion(e.target.checked)} />
          Slow motion
        </label>
      </div>
      <p className="train-status" data-testid="train-status" data-step={s.step} data-state={state} data-busy={busy ?? ''} aria-live="polite">
        {statusText(s)}
      </p>
      {s.error && state !== 'failed' && (
        <p className="error" data-testid="train-error" data-code={s.error.code}>
          {s.error.message}
        </p>
      )}
      {state === 'failed' && s.error && (
        <div className="warn-box" data-testid="train-error" data-code={s.error.code}>
          <p>{s.error.message}</p>
          {run?.checkpointStep != null && (
            <button onClick={() => void train.open(run.id, false)} data-testid="train-reload-checkpoint">
              Reload the last checkpoint (step {run.checkpointStep.toLocaleString('en-US')})
            </button>
          )}
        </div>
      )}
    </div>
  );
}
