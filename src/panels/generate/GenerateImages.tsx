/**
 * Synthetic images into the workspace: N per class, or enough to bring classes up to a target,
 * with truncation (GANs) or temperature (VAEs). They are written to the dataset as kind
 * 'synthetic' (train split) with their model id, checkpoint step and seed, and show in the Data
 * tab (Kind: synthetic) and in exports.
 */
import { useState } from 'react';
import { classDisplayName, formatCount } from '../../lib/format';
import { useGenerate } from '../../store/generate';
import { useWorkspace } from '../../store/workspace';
import { isConditional, isGan, type GenerateProgress, type GenerateResult, type RunInfo } from '../../../workers/train/types';
import { NumberField } from './NumberField';
import { describeError, train } from './trainClient';

export function GenerateImages({ run }: { run: RunInfo }) {
  const state = useGenerate((s) => s.state);
  const setTab = useWorkspace((s) => s.setTab);
  const conditional = isConditional(run.model);
  const gan = isGan(run.model);
  const [mode, setMode] = useState<'per-class' | 'balance'>('per-class');
  const [count, setCount] = useState(20);
  const [classes, setClasses] = useState<string[] | null>(null);
  const [truncation, setTruncation] = useState(0);
  const [temperature, setTemperature] = useState(1);
  const [progress, setProgress] = useState<GenerateProgress | null>(null);
  const [result, setResult] = useState<GenerateResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = classes ?? run.classes;
  const running = state === 'running' || state === 'stepping';
  const blocked = !conditional && run.classes.length > 1;

  const go = async () => {
    setError(null);
    setResult(null);
    setProgress({ done: 0, total: 0 });
    try {
      setResult(await train.generate({ mode, count, classes: conditional ? chosen : [], truncation, temperature }, (p) => setProgress(p)));
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="generate-images" data-testid="generate-images">
      <h3>Generate images into the dataset</h3>
      {blocked ? (
        <p className="warn">This unconditional model was trained on {run.classes.length} classes together, so its images have no class. Train a conditional model (or one model per class) to add labelled synthetic images.</p>
      ) : (
        <>
          <div className="fields">
            <label className="field">
              <span>How many</span>
              <select data-testid="generate-mode" value={mode} onChange={(e) => setMode(e.target.value as 'per-class' | 'balance')}>
                <option value="per-class">{conditional ? 'N images per class' : 'N images'}</option>
                <option value="balance">Top classes up to N training images</option>
              </select>
            </label>
            <NumberField label="N" testId="generate-count" value={count} integer min={1} max={50000} onChange={(v) => v !== 'auto' && setCount(v)} />
            {gan ? (
              <NumberField label="Truncation (0 = off)" testId="generate-truncation" value={truncation} min={0} max={10} onChange={(v) => v !== 'auto' && setTruncation(v)} title="Redraw noise components beyond ±t: fewer, more typical images (Brock et al. 2019). 0 keeps the full prior." />
            ) : (
              <NumberField label="Temperature" testId="generate-temperature" value={temperature} min={0.01} max={5} onChange={(v) => v !== 'auto' && setTemperature(v)} title="Scales the latent noise: below 1 gives more typical images, above 1 more varied ones." />
            )}
          </div>
          {conditional && (
            <div className="train-classes">
              <span className="muted">Classes:</span>
              {run.classes.map((c) => (
                <label key={c} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(c)}
                    onChange={(e) => setClasses(e.target.checked ? run.classes.filter((k) => k === c || chosen.includes(k)) : chosen.filter((k) => k !== c))}
                  />
                  {classDisplayName(c)}
                </label>
              ))}
            </div>
          )}
          <div className="row">
            <button className="primary" data-testid="generate-start" disabled={running || !!progress || chosen.length === 0} onClick={() => void go()}>
              {progress ? 'Generating…' : 'Generate'}
            </button>
            {running && <span className="muted">Pause training first: images come from the weights of one step.</span>}
            {progress && progress.total > 0 && (
              <span className="muted" data-testid="generate-progress">
                {formatCount(progress.done)} / {formatCount(progress.total)}
              </span>
            )}
          </div>
        </>
      )}
      {result && (
        <p className="ok" data-testid="generate-result" data-written={result.written}>
          {result.written === 0
            ? 'Every chosen class already has that many training images: nothing was added.'
            : `Added ${formatCount(result.written)} synthetic images (${Object.entries(result.perClass).map(([c, n]) => `${classDisplayName(c)} ${n}`).join(', ')}) from step ${formatCount(result.checkpointStep)}, model “${result.modelId}”, seed ${result.runSeed}. The dataset now has ${formatCount(result.datasetCount)} images.`}{' '}
          {result.written > 0 && (
            <button className="link-inline" data-testid="generate-see" onClick={() => setTab('data')}>
              See them in the Data tab (Kind: synthetic)
            </button>
          )}
        </p>
      )}
      {error && <p className="error" data-testid="generate-error">{error}</p>}
    </section>
  );
}
