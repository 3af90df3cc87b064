/** Every choice of an export: layout, split, image format, what goes in, and where it is saved. */
import { LAYOUTS, LAYOUT_LABELS, type ImageFormat, type Layout, type SplitRatios } from '../../core/export';
import type { Split } from '../../core/dataset/types';
import type { ExperimentAvailable } from '../../../workers/export/types';
import { canPickFile, useExportSettings } from './useExportSettings';

const SPLIT_NAMES: Split[] = ['train', 'val', 'test'];

/** Why these ratios cannot split anything, or null. */
export function ratiosProblem(r: SplitRatios): string | null {
  const vals = SPLIT_NAMES.map((s) => r[s]);
  if (vals.some((v) => !Number.isFinite(v) || v < 0)) return 'Ratios must be numbers of 0 or more.';
  if (vals.reduce((a, b) => a + b, 0) <= 0) return 'At least one ratio must be above 0.';
  return null;
}

/** `experiment`: the dataset's latest Evaluate experiment, if any (its report option shows only then). */
export function ExportOptionsForm({ disabled, experiment }: { disabled: boolean; experiment: ExperimentAvailable | null }) {
  const s = useExportSettings();
  const o = s.options;
  const r = o.split.ratios;
  const total = r.train + r.val + r.test;
  const problem = ratiosProblem(r);
  const pct = (v: number) => (total > 0 ? `${((100 * v) / total).toFixed(1).replace(/\.0$/, '')}%` : '–');

  return (
    <fieldset className="export-options" disabled={disabled}>
      <div className="fields">
        <label className="field">
          <span>Layout</span>
          <select data-testid="export-layout" value={o.layout} onChange={(e) => s.setOptions({ layout: e.target.value as Layout })}>
            {LAYOUTS.map((l) => (
              <option key={l} value={l}>{LAYOUT_LABELS[l]}</option>
            ))}
          </select>
        </label>

        <label className="field">
          <span>Split</span>
          <select data-testid="export-split-mode" value={o.split.mode} onChange={(e) => s.setSplit({ mode: e.target.value as 'ratios' | 'keep' })}>
            <option value="ratios">New split by ratios, stratified by class</option>
            <option value="keep">Keep the data’s own split (ratios for images without one)</option>
          </select>
        </label>

        <div className="field">
          <span>Ratios train / val / test</span>
          <div className="row ratios">
            {SPLIT_NAMES.map((split) => (
              <label key={split} className="ratio" title={`${split}: ${pct(r[split])} of each class`}>
                <input
                  type="number"
                  min={0}
                  step={0.05}
                  data-testid={`export-ratio-${split}`}
                  value={Number.isFinite(r[split]) ? r[split] : ''}
                  onChange={(e) => s.setSplit({ ratios: { ...r, [split]: e.target.value === '' ? NaN : Number(e.target.value) } })}
                />
                <small className="muted">{split} {pct(r[split])}</small>
              </label>
            ))}
          </div>
          {problem && <small className="error" data-testid="export-ratio-error">{problem}</small>}
        </div>

        <label className="field">
          <span>Seed</span>
          <div className="row">
            <input
              type="number"
              className="seed"
              data-testid="export-seed"
              value={o.split.seed}
              onChange={(e) => s.setSplit({ seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
            />
            <button type="button" className="ghost" title="Draw a new seed" onClick={() => s.setSplit({ seed: Math.floor(Math.random() * 2 ** 31) })}>
              New
            </button>
          </div>
        </label>
      </div>

      <div className="fields">
        <label className="field">
          <span>Image format (generated and re-encoded images)</span>
          <select data-testid="export-format" value={o.image.format} onChange={(e) => s.setOptions({ image: { ...o.image, format: e.target.value as ImageFormat } })}>
            <option value="png">PNG (lossless)</option>
            <option value="jpeg">JPEG</option>
            <option value="webp">WebP</option>
          </select>
        </label>
        {o.image.format !== 'png' && (
          <label className="field">
            <span>Quality {Math.round(o.image.quality * 100)}</span>
            <input
              type="range"
              min={0.5}
              max={1}
              step={0.01}
              data-testid="export-quality"
              value={o.image.quality}
              onChange={(e) => s.setOptions({ image: { ...o.image, quality: Number(e.target.value) } })}
            />
          </label>
        )}
        <label className="field">
          <span>Originals</span>
          <select data-testid="export-originals" value={o.originals} onChange={(e) => s.setOptions({ originals: e.target.value as 'original-bytes' | 're-encode' })}>
            <option value="original-bytes">Original files, untouched</option>
            <option value="re-encode">Re-encoded at the working resolution</option>
          </select>
        </label>
      </div>

      <div className="fields">
        <div className="field">
          <span>Include</span>
          <div className="row">
            {(['original', 'augmented', 'synthetic'] as const).map((k) => (
              <label key={k} className="check">
                <input type="checkbox" data-testid={`export-include-${k}`} checked={o.include[k]} onChange={(e) => s.setOptions({ include: { ...o.include, [k]: e.target.checked } })} />
                {k}
              </label>
            ))}
            <label className="check" title="The generator models of the synthetic images, in TensorFlow.js format, where they are saved">
              <input type="checkbox" data-testid="export-include-models" checked={s.includeModels} disabled={!o.include.synthetic} onChange={(e) => s.setIncludeModels(e.target.checked)} />
              generator models
            </label>
          </div>
          {experiment && (
            <label
              className="check"
              data-testid="export-experiment-option"
              data-experiment-id={experiment.id}
              title={`“${experiment.title || 'Evaluate experiment'}”, ${new Date(experiment.createdAt).toLocaleString()}: reports/experiment.json and reports/experiment.html, summarised in README.md`}
            >
              <input type="checkbox" data-testid="export-include-experiment" checked={s.includeExperimentReport} onChange={(e) => s.setIncludeExperimentReport(e.target.checked)} />
              Include the latest experiment report
            </label>
          )}
        </div>
        <div className="field">
          <span>Augmented and synthetic images in val/test</span>
          <label className="check">
            <input type="checkbox" data-testid="export-derived-all-splits" checked={o.split.derivedInAllSplits} onChange={(e) => s.setSplit({ derivedInAllSplits: e.target.checked })} />
            Let them follow their source into val and test
          </label>
          {o.split.derivedInAllSplits && (
            <small className="warn" data-testid="export-derived-warning">
              Accuracy measured on val/test then says how well a model fits generated images, not real ones. Leave this off for an honest evaluation.
            </small>
          )}
        </div>
        {canPickFile() && (
          <div className="field">
            <span>Save</span>
            <label className="check">
              <input type="radio" name="export-save" data-testid="export-save-picker" checked={s.saveMode === 'picker'} onChange={() => s.setSaveMode('picker')} />
              Write to a file I choose (streams to disk)
            </label>
            <label className="check">
              <input type="radio" name="export-save" data-testid="export-save-download" checked={s.saveMode === 'download'} onChange={() => s.setSaveMode('download')} />
              Download when finished
            </label>
          </div>
        )}
      </div>
      <button type="button" className="ghost" onClick={s.reset}>Reset to defaults</button>
    </fieldset>
  );
}
