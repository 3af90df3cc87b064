/**
 * The training form. "Model" fields take effect when Start is pressed; "Training" fields go to the
 * running loop at once (learning rates, loss, β, batch size, epochs…), so they can be changed
 * while a model trains — the point of a workshop demo.
 */
import type { DatasetSummary } from '../../core/dataset/summary';
import type { DatasetMeta } from '../../core/dataset/types';
import { classDisplayName, formatCount } from '../../lib/format';
import { useGenerate } from '../../store/generate';
import { MODEL_LABELS, isConditional, isGan, type ModelKind } from '../../../workers/train/types';
import { NumberField } from './NumberField';
import { autoSize, defaultLatent, defaultWidth, formClasses, sizeChoices } from './request';
import { train } from './trainClient';

const MODELS: ModelKind[] = ['dcgan', 'cgan', 'vae', 'cvae'];

export function TrainFormView({ meta, summary }: { meta: DatasetMeta; summary: DatasetSummary | null }) {
  const form = useGenerate((s) => s.form);
  const setForm = useGenerate((s) => s.setForm);
  const setModel = useGenerate((s) => s.setModel);
  const state = useGenerate((s) => s.state);
  const running = state === 'running' || state === 'stepping';
  const gan = isGan(form.model);
  const s = form.settings;
  const chosen = new Set(formClasses(form, meta));
  const originals = (label: string) => summary?.classes.find((k) => k.label === label)?.byKind.original ?? 0;
  const toggle = (label: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(label);
    else next.delete(label);
    setForm({ classes: meta.classes.filter((c) => next.has(c)) });
  };
  const sizes = sizeChoices(meta.format.size);

  return (
    <div className="train-form">
      <fieldset disabled={running}>
        <legend>Model <span className="muted">(applies when you press Start)</span></legend>
        <div className="fields">
          <label className="field">
            <span>Model</span>
            <select data-testid="train-model" value={form.model} onChange={(e) => setModel(e.target.value as ModelKind)}>
              {MODELS.map((m) => (
                <option key={m} value={m}>{MODEL_LABELS[m]}</option>
              ))}
            </select>
          </label>
          <label className="field" title="The model's resolution: the dataset's working size, or a smaller one (batches are shrunk on the fly).">
            <span>Size</span>
            <select data-testid="train-size" value={String(form.size)} onChange={(e) => setForm({ size: e.target.value === 'auto' ? 'auto' : Number(e.target.value) })}>
              <option value="auto">{`${autoSize(meta.format.size)}×${autoSize(meta.format.size)} (dataset)`}</option>
              {sizes.map((n) => (
                <option key={n} value={n}>{`${n}×${n}`}</option>
              ))}
            </select>
          </label>
          <NumberField label="Width" testId="train-width" value={form.width} integer min={1} max={512} autoPlaceholder={String(defaultWidth(form.model))} onChange={(v) => setForm({ width: v })} title="Channels of the full-resolution layer; inner layers double it (up to 4×)." />
          <NumberField label="Latent size" testId="train-latent" value={form.latentDim} integer min={1} max={1024} autoPlaceholder={String(defaultLatent(form.model))} onChange={(v) => setForm({ latentDim: v })} />
          <NumberField label="Seed" testId="train-seed" value={form.seed} integer min={0} onChange={(v) => setForm({ seed: v === 'auto' ? 1 : v })} />
          <label className="field" title="Train on the original images only, or on originals with the Augment tab's pipeline applied to every batch on the fly (helps GANs on small datasets).">
            <span>Data</span>
            <select data-testid="train-data" value={form.data} onChange={(e) => setForm({ data: e.target.value as 'originals' | 'pipeline' })}>
              <option value="originals">Originals only</option>
              <option value="pipeline">Originals + augmentation pipeline</option>
            </select>
          </label>
        </div>
        <div className="train-classes" data-testid="train-classes">
          <span className="muted">
            Classes ({chosen.size} of {meta.classes.length}){isConditional(form.model) ? ' — a conditional model learns each' : ' — pooled into one model'}:
          </span>
          <button type="button" className="ghost small" onClick={() => setForm({ classes: null })}>all</button>
          <button type="button" className="ghost small" onClick={() => setForm({ classes: [] })}>none</button>
          {meta.classes.map((c) => (
            <label key={c} className="check class-check">
              <input type="checkbox" data-class={c} checked={chosen.has(c)} onChange={(e) => toggle(c, e.target.checked)} />
              {classDisplayName(c)} <span className="muted" title="original images (all splits; models train on the train split)">{formatCount(originals(c))}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Training <span className="muted">(changes apply while it runs)</span></legend>
        <div className="fields">
          <NumberField label="Batch size" testId="train-batch" value={s.batchSize} integer min={1} max={4096} onChange={(v) => v !== 'auto' && void train.update({ batchSize: v })} />
          <NumberField label="Epochs" testId="train-epochs" value={s.epochs} min={0.01} max={100000} onChange={(v) => v !== 'auto' && void train.update({ epochs: v })} />
          {gan ? (
            <>
              <NumberField label="Learning rate G" testId="train-lr-g" value={s.learningRateG} min={1e-7} max={1} onChange={(v) => v !== 'auto' && void train.update({ learningRateG: v })} />
              <NumberField label="Learning rate D" testId="train-lr-d" value={s.learningRateD} min={1e-7} max={1} onChange={(v) => v !== 'auto' && void train.update({ learningRateD: v })} />
              <label className="field">
                <span>Loss</span>
                <select data-testid="train-loss" value={s.loss} onChange={(e) => void train.update({ loss: e.target.value as 'non-saturating' | 'hinge' })}>
                  <option value="non-saturating">Non-saturating</option>
                  <option value="hinge">Hinge</option>
                </select>
              </label>
              <NumberField label="Label smoothing" testId="train-smoothing" value={s.labelSmoothing} min={0} max={0.49} onChange={(v) => v !== 'auto' && void train.update({ labelSmoothing: v })} title="One-sided: the discriminator's target for real images is 1 − this." />
            </>
          ) : (
            <>
              <NumberField label="Learning rate" testId="train-lr" value={s.learningRate} min={1e-7} max={1} onChange={(v) => v !== 'auto' && void train.update({ learningRate: v })} />
              <NumberField label="β (KL weight)" testId="train-beta" value={s.beta} min={0} max={1000} onChange={(v) => v !== 'auto' && void train.update({ beta: v })} title="1 = the true ELBO; larger values trade reconstructions for a smoother latent space (β-VAE)." />
            </>
          )}
          <NumberField label="Adam β1" testId="train-beta1" value={s.beta1} min={0} max={0.999} onChange={(v) => v !== 'auto' && void train.update({ beta1: v })} />
          <NumberField label="Adam β2" testId="train-beta2" value={s.beta2} min={0} max={0.99999} onChange={(v) => v !== 'auto' && void train.update({ beta2: v })} />
          <NumberField label="Samples every" testId="train-sample-every" value={s.sampleEvery} integer min={1} max={100000} onChange={(v) => v !== 'auto' && void train.update({ sampleEvery: v })} title="Steps between sample-grid updates." />
          <NumberField label="Checkpoint every" testId="train-checkpoint-every" value={s.checkpointEvery} integer min={1} max={1000000} onChange={(v) => v !== 'auto' && void train.update({ checkpointEvery: v })} title="Steps between checkpoints (one is also saved on every pause)." />
        </div>
      </fieldset>
    </div>
  );
}
