/**
 * The live preview: real images of the active dataset, each with K augmented variants, computed by
 * the augment worker a moment after the last change (debounced; the page stays responsive, and an
 * answer that a newer change has overtaken is dropped). Variant k of an image is exactly what
 * "Augment dataset" makes as its variant k with this seed.
 */
import { useEffect, useRef, useState } from 'react';
import type { DatasetMeta } from '../../core/dataset/types';
import { classDisplayName } from '../../lib/format';
import { augmentWorker } from '../../lib/workers';
import { useBackend } from '../../store/backend';
import { usePipeline, withSeed } from '../../store/pipeline';
import type { PreviewResult } from '../../../workers/augment/preview';
import { findNode } from './tree';

type Shown = Extract<PreviewResult, { stale: false }>;

const DEBOUNCE_MS = 150;

function Tile({ bitmap, label, steps, showParams, testId, sample, variant }: { bitmap: ImageBitmap; label: string; steps?: string[]; showParams: boolean; testId: string; sample: string; variant?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = bitmap.width;
    c.height = bitmap.height;
    c.getContext('2d')!.drawImage(bitmap, 0, 0);
  }, [bitmap]);
  const text = steps ? (steps.length ? steps.join('\n') : 'nothing fired (unchanged)') : 'the original';
  return (
    <figure className="preview-tile-wrap">
      <canvas ref={ref} className="preview-tile pixelated" role="img" aria-label={label} data-testid={testId} data-sample={sample} data-variant={variant ?? 'source'} title={showParams ? text : undefined} />
      {showParams && steps && (
        <figcaption className="tile-params" data-testid="tile-params">
          {text}
        </figcaption>
      )}
    </figure>
  );
}

function SampleControls({ meta }: { meta: DatasetMeta }) {
  const s = usePipeline((st) => st.preview);
  const set = usePipeline((st) => st.setPreview);
  const toggle = (c: string) => set({ classes: s.classes.includes(c) ? s.classes.filter((x) => x !== c) : [...s.classes, c] });
  return (
    <div className="preview-controls row">
      <label>
        <span className="muted">Images</span>{' '}
        <select value={s.count} onChange={(e) => set({ count: Number(e.target.value) })} data-testid="preview-count">
          {[1, 2, 4, 6, 8, 12, 16].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label>
        <span className="muted">Variants each</span>{' '}
        <select value={s.variants} onChange={(e) => set({ variants: Number(e.target.value) })} data-testid="preview-variants">
          {[1, 2, 3, 4, 6, 8].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <details className="class-pick">
        <summary data-testid="preview-classes">{s.classes.length ? `${s.classes.length} class${s.classes.length > 1 ? 'es' : ''}` : 'Any class'}</summary>
        <div className="class-pick-list">
          {meta.classes.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={s.classes.includes(c)} onChange={() => toggle(c)} data-testid={`preview-class-${c}`} /> {classDisplayName(c)}
            </label>
          ))}
          {s.classes.length > 0 && (
            <button className="ghost" onClick={() => set({ classes: [] })}>
              Any class
            </button>
          )}
        </div>
      </details>
      <button onClick={() => set({ sampleSeed: s.sampleSeed + 1 })} data-testid="new-samples" title="Show other images from the dataset">
        Other images
      </button>
      <label className="check">
        <input type="checkbox" checked={s.showParams} onChange={(e) => set({ showParams: e.target.checked })} data-testid="show-params" /> Show parameters on hover
      </label>
    </div>
  );
}

export function PreviewPanel({ meta, revision }: { meta: DatasetMeta | undefined; revision: number }) {
  const version = usePipeline((s) => s.version);
  const solo = usePipeline((s) => s.solo);
  const setSolo = usePipeline((s) => s.setSolo);
  const pipeline = usePipeline((s) => s.pipeline);
  const settings = usePipeline((s) => s.preview);
  const seed = usePipeline((s) => s.seed);
  const backend = useBackend((s) => s.image);
  const [sampleIds, setSampleIds] = useState<string[]>([]);
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const token = useRef(0);
  const classesKey = settings.classes.join('\u0000');

  // Which images to show.
  useEffect(() => {
    if (!meta) return;
    let live = true;
    augmentWorker
      .get()
      .pickSamples(meta.id, revision, { classes: settings.classes, count: settings.count, seed: settings.sampleSeed })
      .then((s) => live && setSampleIds(s.map((x) => x.id)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meta?.id, revision, classesKey, settings.count, settings.sampleSeed, backend]);

  // Their variants, a moment after the last change.
  useEffect(() => {
    const p = usePipeline.getState().pipeline;
    if (!meta || !p || !sampleIds.length) return;
    const { seed } = usePipeline.getState();
    const soloId = solo && findNode(p.root, solo) ? solo : undefined;
    const my = ++token.current;
    setBusy(true);
    const timer = setTimeout(() => {
      augmentWorker
        .get()
        .preview({ datasetId: meta.id, revision, pipeline: withSeed(p, seed), seed, sampleIds, variants: settings.variants, solo: soloId, token: my })
        .then((r) => {
          if (r.stale || my !== token.current) {
            if (!r.stale) r.samples.forEach((s) => [s.source, ...s.tiles.map((t) => t.bitmap)].forEach((b) => b.close()));
            return;
          }
          setShown(r);
          setError(null);
          setBusy(false);
          setGeneration((g) => g + 1);
        })
        .catch((e: Error) => {
          if (my !== token.current) return;
          setError(e.message);
          setBusy(false);
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, solo, sampleIds, settings.variants, meta?.id, revision, backend]);

  // Bitmaps of a replaced preview are released.
  useEffect(() => () => shown?.samples.forEach((s) => [s.source, ...s.tiles.map((t) => t.bitmap)].forEach((b) => b.close())), [shown]);

  if (!meta) {
    return (
      <section className="preview-panel empty-state">
        <h3>Preview</h3>
        <p>Import a dataset on the Data tab to see this pipeline on your own images.</p>
      </section>
    );
  }
  const soloNode = solo && pipeline ? findNode(pipeline.root, solo) : undefined;
  const soloName = soloNode ? (soloNode.type === 'transform' ? soloNode.name : `${soloNode.type} group`) : null;
  return (
    <section className="preview-panel">
      <div className="row">
        <h3>Preview</h3>
        <span className="muted" data-testid="preview-status" data-busy={busy}>
          {error ? '' : busy ? 'updating…' : shown ? `${shown.samples.length} images × ${shown.samples[0]?.tiles.length ?? 0} variants · ${Math.round(shown.millis)} ms on ${shown.backend}` : 'starting…'}
        </span>
      </div>
      <SampleControls meta={meta} />
      {soloName && (
        <div className="notice notice-info row" data-testid="solo-banner">
          <span>
            Soloing <strong>{soloName}</strong>: only it runs in the preview, with the values it draws in the full pipeline.
          </span>
          <span className="spacer" />
          <button className="ghost" onClick={() => setSolo(null)} data-testid="solo-stop">
            Stop solo
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="preview-error">
          {error}
        </p>
      )}
      {shown && shown.issues.length > 0 && (
        <div className="notice notice-error" data-testid="preview-issues">
          The preview cannot run this pipeline on this dataset:
          <ul>
            {shown.issues.map((i, k) => (
              <li key={k}>{i.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className={`preview-grid${busy ? ' busy' : ''}`} data-testid="preview-grid" data-generation={generation} data-seed={seed}>
        {shown?.samples.map((s) => (
          <div className="preview-row" key={s.id} data-testid="preview-row">
            <Tile bitmap={s.source} label={`${classDisplayName(s.label)}: original`} showParams={false} testId="preview-source" sample={s.id} />
            <span className="preview-arrow" aria-hidden="true">
              →
            </span>
            {s.tiles.map((t) => (
              <Tile key={t.variant} bitmap={t.bitmap} label={`${classDisplayName(s.label)}: variant ${t.variant}`} steps={t.steps} showParams={settings.showParams} testId="preview-tile" sample={s.id} variant={t.variant} />
            ))}
          </div>
        ))}
        {!shown && !error && <p className="muted">Computing the preview…</p>}
      </div>
    </section>
  );
}
