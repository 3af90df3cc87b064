/**
 * How good the generator is, on one fixed protocol: FCD (Fréchet classifier distance — not FID),
 * precision/recall in the feature CNN's space, and memorisation (closest generated/training
 * pairs). Saved with the run and the model; the last measurement shows until a new one.
 */
import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { useGenerate } from '../../store/generate';
import type { QualityProgress, QualityReport, QualitySummary, RunInfo } from '../../../workers/train/types';
import { Bitmap } from './Explore';
import { describeError, train } from './trainClient';

function pct(v: number): string {
  return `${(100 * v).toFixed(1)} %`;
}

function Summary({ q }: { q: QualitySummary }) {
  const acc = Number.isFinite(q.featureCnn.accuracy) ? `, ${pct(q.featureCnn.accuracy)} test accuracy` : '';
  return (
    <dl className="quality-numbers">
      <dt title="Fréchet classifier distance: the Fréchet distance between Gaussian fits of the feature CNN's features. Lower is closer to the real images.">FCD</dt>
      <dd data-testid="quality-fcd" data-value={q.fcd}>{q.fcd.toFixed(2)}</dd>
      <dt title="Share of generated images inside the real images' k-NN manifold (fidelity).">Precision</dt>
      <dd data-testid="quality-precision">{pct(q.precision)}</dd>
      <dt title="Share of real images inside the generated images' k-NN manifold (coverage).">Recall</dt>
      <dd data-testid="quality-recall">{pct(q.recall)}</dd>
      {q.memorisation && (
        <>
          <dt title="RMS pixel difference (0–1) between each generated image and its nearest training image.">Nearest training image</dt>
          <dd>
            median RMS {q.memorisation.medianRms.toFixed(3)}, closest {q.memorisation.minRms.toFixed(3)}
          </dd>
        </>
      )}
      <dt>Protocol</dt>
      <dd className="muted">
        step {formatCount(q.step)}: {formatCount(q.generatedCount)} generated vs {formatCount(q.realCount)} real ({q.featureCnn.reference}), k = {q.k}; feature CNN trained on{' '}
        {formatCount(q.featureCnn.trainImages)} images of {q.featureCnn.classes} classes{acc}
        {q.featureCnn.cached ? ' (cached)' : ''}; {q.seconds.toFixed(0)} s
      </dd>
    </dl>
  );
}

export function QualityView({ run }: { run: RunInfo }) {
  const state = useGenerate((s) => s.state);
  const [progress, setProgress] = useState<QualityProgress | null>(null);
  const [report, setReport] = useState<QualityReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = state === 'running' || state === 'stepping';
  const shown: QualitySummary | undefined = report && report.step === run.quality?.step ? report : run.quality;

  const measure = async () => {
    setError(null);
    setProgress({ phase: 'feature-cnn', fraction: 0, detail: 'Starting…' });
    try {
      const r = await train.measureQuality((p) => setProgress(p));
      setReport((old) => {
        old?.closestPairs.forEach((p) => p.bitmap.close());
        return r;
      });
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="quality" data-testid="quality">
      <h3>Quality</h3>
      <p className="muted">
        <strong>FCD</strong> is a Fréchet distance like FID, but measured in the features of a small CNN trained on this dataset's real train split (conv 32 → conv 64 → dense 128, 10 epochs,
        Adam 10⁻³, batch 64), not Inception's: call it FCD, never FID. Lower is better; it compares across runs on this dataset. 1,000 generated images are compared with up to 1,000 held-out real ones.
      </p>
      <div className="row">
        <button className="primary" data-testid="quality-run" disabled={running || !!progress} onClick={() => void measure()}>
          {progress ? 'Measuring…' : shown ? 'Measure again' : 'Measure FCD, precision/recall and memorisation'}
        </button>
        {running && <span className="muted">Pause training first.</span>}
      </div>
      {progress && (
        <div className="quality-progress" data-testid="quality-progress">
          <progress value={progress.fraction} max={1} /> <span className="muted">{progress.detail}</span>
        </div>
      )}
      {shown && (
        <div data-testid="quality-report">
          <Summary q={shown} />
          {report && report.closestPairs.length > 0 && report.step === shown.step && (
            <div className="closest-pairs" data-testid="quality-pairs">
              <span className="muted">Closest generated (left) / training (right) pairs — near-zero distances would mean copying:</span>
              <div className="row">
                {report.closestPairs.map((p, i) => (
                  <figure key={i}>
                    <Bitmap bitmap={p.bitmap} scale={2} label={`pair ${i + 1}`} />
                    <figcaption className="muted">RMS {p.rms.toFixed(3)}</figcaption>
                  </figure>
                ))}
              </div>
            </div>
          )}
        </div>
      )}
      {error && <p className="error" data-testid="quality-error">{error}</p>}
    </section>
  );
}
