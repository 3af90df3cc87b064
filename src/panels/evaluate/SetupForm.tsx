/** The experiment's settings: arms, seeds, budget, low-data mode or a sweep, validation; estimate and start. */
import { useEvaluate } from '../../store/evaluate';
import { usePipeline } from '../../store/pipeline';
import { ARM_WORDS } from '../../core/evaluate/significance';
import { cancel, estimate, start } from './evaluateClient';

const VALIDATION_WORDS = { test: "the dataset's test split", val: "the dataset's val split", 'held-out': 'a stratified, seeded 20 % hold-out of the training images (the dataset has no val/test split)' };

export function SetupForm({ datasetId }: { datasetId: string }) {
  const form = useEvaluate((s) => s.form);
  const inputs = useEvaluate((s) => s.inputs);
  const status = useEvaluate((s) => s.status);
  const est = useEvaluate((s) => s.estimate);
  const setForm = useEvaluate((s) => s.setForm);
  const setArm = useEvaluate((s) => s.setArm);
  const pipeline = usePipeline((s) => s.pipeline);
  const busy = status !== 'idle';
  const noSynthetic = !inputs || inputs.generators.length === 0;
  const num = (v: string) => (v === '' ? 0 : Number(v));

  return (
    <section className="eval-setup" data-testid="eval-setup">
      <h3>Experiment</h3>
      {inputs && (
        <p className="muted" data-testid="eval-inputs">
          {inputs.classes.length} classes, {inputs.trainCountsPerClass.reduce((a, b) => a + b, 0).toLocaleString()} real training images at {inputs.size}×{inputs.size}
          {inputs.channels === 1 ? ' grey' : ' colour'}. Validation: {inputs.validation.source === 'held-out' ? VALIDATION_WORDS['held-out'] : `${inputs.validation.count.toLocaleString()} images of ${VALIDATION_WORDS[inputs.validation.source]}`} — real
          images, never trained on, never augmented.
        </p>
      )}
      <fieldset className="eval-arms" disabled={busy}>
        <legend>Arms (the same classifier, budget and seeds in each)</legend>
        <label className="check">
          <input type="checkbox" checked disabled data-testid="eval-arm-real" /> (a) {ARM_WORDS.real.label} — the baseline
        </label>
        <label className="check">
          <input type="checkbox" data-testid="eval-arm-augmented" checked={form.arms.augmented} onChange={(e) => setArm('augmented', e.target.checked)} /> (b) {ARM_WORDS.augmented.label}
          <span className="muted"> — pipeline “{pipeline?.name ?? 'the one saved in the Augment tab'}”, applied on the fly</span>
        </label>
        <label className="check">
          <input type="checkbox" data-testid="eval-arm-synthetic" disabled={noSynthetic} checked={form.arms.synthetic && !noSynthetic} onChange={(e) => setArm('synthetic', e.target.checked)} /> (c){' '}
          {ARM_WORDS.synthetic.label}
        </label>
        <label className="check">
          <input type="checkbox" data-testid="eval-arm-both" disabled={noSynthetic} checked={form.arms.both && !noSynthetic} onChange={(e) => setArm('both', e.target.checked)} /> (d) {ARM_WORDS.both.label}
        </label>
        {noSynthetic ? (
          <p className="muted" data-testid="eval-no-synthetic">
            Arms (c) and (d) are skipped: this dataset has no synthetic images. Train a generator and generate images in the Generate tab to compare them.
          </p>
        ) : (
          <label className="field">
            <span>Synthetic images from</span>
            <select data-testid="eval-generator" value={form.generatorId ?? inputs!.generators[0].modelId} onChange={(e) => setForm({ generatorId: e.target.value })}>
              {inputs!.generators.map((g) => (
                <option key={g.modelId} value={g.modelId}>
                  {g.name} ({g.images.toLocaleString()} images)
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      <fieldset className="fields" disabled={busy}>
        <label className="field">
          <span>Seeds (k)</span>
          <input type="number" min={1} max={20} data-testid="eval-seeds" value={form.seedCount} onChange={(e) => setForm({ seedCount: num(e.target.value) })} />
        </label>
        <label className="field">
          <span>Budget</span>
          <span className="row">
            <select data-testid="eval-budget-mode" value={form.budgetMode} onChange={(e) => setForm({ budgetMode: e.target.value as 'epochs' | 'steps' })}>
              <option value="epochs">epochs</option>
              <option value="steps">steps</option>
            </select>
            {form.budgetMode === 'epochs' ? (
              <input type="number" min={0.1} step={1} data-testid="eval-epochs" value={form.epochs} onChange={(e) => setForm({ epochs: num(e.target.value) })} />
            ) : (
              <input type="number" min={1} step={10} data-testid="eval-steps" value={form.steps} onChange={(e) => setForm({ steps: num(e.target.value) })} />
            )}
          </span>
        </label>
        <label className="field">
          <span className="check">
            <input type="checkbox" data-testid="eval-low-data" checked={form.lowData} disabled={form.sweepOn} onChange={(e) => setForm({ lowData: e.target.checked })} /> Low-data: images per class
          </span>
          <input type="number" min={1} data-testid="eval-per-class" disabled={!form.lowData || form.sweepOn} value={form.perClass} onChange={(e) => setForm({ perClass: num(e.target.value) })} />
        </label>
        <label className="field">
          <span className="check">
            <input type="checkbox" data-testid="eval-sweep-on" checked={form.sweepOn} onChange={(e) => setForm({ sweepOn: e.target.checked })} /> Sweep over n (per class)
          </span>
          <input type="text" data-testid="eval-sweep" disabled={!form.sweepOn} value={form.sweep} onChange={(e) => setForm({ sweep: e.target.value })} />
        </label>
        <label className="field">
          <span>Validation images, at most</span>
          <input type="number" min={10} step={100} data-testid="eval-max-validation" value={form.maxValidation} onChange={(e) => setForm({ maxValidation: num(e.target.value) })} />
        </label>
      </fieldset>
      <div className="row">
        <button data-testid="eval-estimate" disabled={busy} onClick={() => void estimate(datasetId)}>
          {status === 'estimating' ? 'Measuring…' : 'Estimate time'}
        </button>
        <button className="primary" data-testid="eval-start" disabled={busy} onClick={() => void start(datasetId)}>
          Run experiment
        </button>
        <button data-testid="eval-cancel" disabled={status !== 'running'} onClick={() => void cancel()}>
          Cancel
        </button>
        {est && (
          <span data-testid="eval-estimate-result" data-seconds={Math.round(est.seconds)}>
            {est.plans.reduce((s, p) => s + p.runs, 0)} runs × {est.plans[0].stepsPerRun} steps of {est.plans[0].batchSize} images ({est.plans[0].epochs.toFixed(1)} epochs over{' '}
            {est.plans[0].trainImages.toLocaleString()} images{est.plans.length > 1 ? ' at the smallest n' : ''}) on {est.backend}: <strong>{est.text}</strong>
          </span>
        )}
      </div>
    </section>
  );
}
