/**
 * "Augment dataset": makes augmented images with the current pipeline and seed and adds them to
 * the workspace, N variants per image or each class up to a target count, with progress and
 * cancel. They appear in the Data tab marked as augmented, each linked to its source and plan;
 * sets already made are listed and can be removed.
 */
import { useEffect, useRef, useState } from 'react';
import type { DatasetMeta } from '../../core/dataset/types';
import { classDisplayName, formatCount } from '../../lib/format';
import { refreshDatasets } from '../../lib/import';
import { Comlink, augmentWorker, datasetWorker } from '../../lib/workers';
import { useBackend } from '../../store/backend';
import { useIngest } from '../../store/ingest';
import { usePipeline, withSeed } from '../../store/pipeline';
import { useWorkspace } from '../../store/workspace';
import type { AugmentedGroup, MaterialiseEstimate, MaterialiseOptions, MaterialiseProgress, MaterialiseResult } from '../../../workers/augment/materialise';
import type { SplitKey } from '../../../workers/augment/records';

const SPLIT_LABEL: Record<SplitKey, string> = { train: 'train', val: 'val', test: 'test', none: 'unsplit' };
const SPLITS: SplitKey[] = ['train', 'val', 'test', 'none'];

/** The workspace changed under the other views: they reload what they show. */
async function afterChange(datasetId: string): Promise<void> {
  await datasetWorker.get().refresh(datasetId);
  await refreshDatasets();
  useWorkspace.getState().bump();
}

export function MaterialisePanel({ meta, revision }: { meta: DatasetMeta; revision: number }) {
  const pipeline = usePipeline((s) => s.pipeline);
  const seed = usePipeline((s) => s.seed);
  const version = usePipeline((s) => s.version);
  const importing = useIngest((s) => s.running);
  const [mode, setMode] = useState<'variants' | 'balance'>('variants');
  const [variants, setVariants] = useState(3);
  const [target, setTarget] = useState<number | null>(null);
  const [classes, setClasses] = useState<string[]>([]);
  const [splits, setSplits] = useState<SplitKey[] | null>(null);
  const [estimate, setEstimate] = useState<MaterialiseEstimate | null>(null);
  const [progress, setProgress] = useState<MaterialiseProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<MaterialiseResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [groups, setGroups] = useState<AugmentedGroup[]>([]);

  // A backend change restarts the augment worker: a run in it is gone.
  const backend = useBackend((s) => s.image);
  const runningRef = useRef(false);
  runningRef.current = running;
  useEffect(() => {
    if (!runningRef.current) return;
    usePipeline.getState().setMaterialising(null);
    setRunning(false);
    setProgress(null);
    setError('The compute backend was changed, which stopped the run. Images already written were kept.');
    void afterChange(meta.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend]);

  const options: MaterialiseOptions = {
    mode,
    variantsPerImage: variants,
    targetPerClass: target ?? undefined,
    classes: classes.length ? classes : undefined,
    splits: splits ?? undefined,
  };
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    let live = true;
    augmentWorker.get().augmentedGroups(meta.id, revision).then((g) => live && setGroups(g)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [meta.id, revision]);

  useEffect(() => {
    if (!pipeline) return;
    let live = true;
    const t = setTimeout(() => {
      augmentWorker
        .get()
        .estimateMaterialise(meta.id, revision, withSeed(pipeline, seed), seed, options)
        .then((e) => {
          if (!live) return;
          setEstimate(e);
          // Defaults from the data: leave val/test alone when the dataset has them; balance up to the largest class.
          if (splits === null) setSplits(e.splits.val + e.splits.test > 0 ? SPLITS.filter((s) => s === 'train' || s === 'none') : SPLITS.slice());
          if (target === null && e.perClass.length) setTarget(Math.max(...e.perClass.map((c) => c.have)));
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meta.id, revision, version, optionsKey]);

  const start = async () => {
    if (!pipeline) return;
    setRunning(true);
    setError(null);
    setResult(null);
    setProgress(null);
    usePipeline.getState().setMaterialising(meta.id);
    try {
      const r = await augmentWorker.get().materialise(meta.id, withSeed(pipeline, seed), seed, options, Comlink.proxy((p: MaterialiseProgress) => setProgress(p)));
      setResult(r);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      usePipeline.getState().setMaterialising(null);
      setRunning(false);
      setProgress(null);
      await afterChange(meta.id);
    }
  };

  const remove = async (pipelineId?: string) => {
    setError(null);
    try {
      const n = await augmentWorker.get().removeAugmented(meta.id, pipelineId);
      setResult(null);
      await afterChange(meta.id);
      if (!n) setError('There were no augmented images to remove.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const existingSplits = estimate ? SPLITS.filter((s) => estimate.splits[s] > 0) : [];
  const blocked = importing ? 'An import is running: wait for it to finish.' : estimate?.error ?? (estimate && estimate.total === 0 ? 'Nothing to add with these settings.' : null);

  return (
    <section className="materialise-panel" data-testid="materialise-panel">
      <h3>Augment dataset</h3>
      <p className="muted">
        Adds augmented images made with this pipeline and seed to <strong>{meta.name}</strong>. Each keeps its source image, label and split, and the plan that made it,
        so the export can regenerate it exactly.
      </p>
      <div className="row">
        <label className="check">
          <input type="radio" name="materialise-mode" checked={mode === 'variants'} onChange={() => setMode('variants')} data-testid="materialise-mode-variants" />
          <input
            type="number"
            min={1}
            max={1000}
            value={variants}
            aria-label="Variants per image"
            data-testid="materialise-variants"
            onChange={(e) => setVariants(Math.max(1, Math.min(1000, Math.round(Number(e.target.value)) || 1)))}
            onFocus={() => setMode('variants')}
          />{' '}
          variants of every image
        </label>
        <label className="check">
          <input type="radio" name="materialise-mode" checked={mode === 'balance'} onChange={() => setMode('balance')} data-testid="materialise-mode-balance" />
          balance: every class up to
          <input
            type="number"
            min={1}
            value={target ?? ''}
            aria-label="Target images per class"
            data-testid="materialise-target"
            onChange={(e) => setTarget(Math.max(1, Math.round(Number(e.target.value)) || 1))}
            onFocus={() => setMode('balance')}
          />{' '}
          images
        </label>
      </div>
      <div className="row">
        <span className="muted">Splits</span>
        {existingSplits.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={splits?.includes(s) ?? true} onChange={() => setSplits(toggle(splits ?? SPLITS.slice(), s))} data-testid={`materialise-split-${s}`} /> {SPLIT_LABEL[s]}
          </label>
        ))}
        {estimate && estimate.splits.val + estimate.splits.test > 0 && <span className="muted">(augmenting val/test images would leak copies into evaluation)</span>}
      </div>
      <details className="class-pick">
        <summary data-testid="materialise-classes">{classes.length ? `${classes.length} of ${meta.classes.length} classes` : `All ${meta.classes.length} classes`}</summary>
        <div className="class-pick-list">
          {meta.classes.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={!classes.length || classes.includes(c)} onChange={() => setClasses(toggle(classes.length ? classes : meta.classes.slice(), c))} data-testid={`materialise-class-${c}`} />{' '}
              {classDisplayName(c)}
            </label>
          ))}
        </div>
      </details>
      {estimate && !estimate.error && (
        <table className="materialise-estimate" data-testid="materialise-estimate" data-total={estimate.total}>
          <thead>
            <tr>
              <th>class</th>
              <th>now</th>
              <th>added</th>
            </tr>
          </thead>
          <tbody>
            {estimate.perClass.map((c) => (
              <tr key={c.label}>
                <td>{classDisplayName(c.label)}</td>
                <td>{formatCount(c.have)}</td>
                <td>+{formatCount(c.add)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {estimate && estimate.classesWithoutSources.length > 0 && (
        <p className="warn">No original images to derive from in the chosen splits for: {estimate.classesWithoutSources.map(classDisplayName).join(', ')}.</p>
      )}
      <div className="row">
        <button className="primary" onClick={start} disabled={running || !!blocked || !pipeline} data-testid="materialise-start">
          Add {estimate && !estimate.error ? formatCount(estimate.total) : ''} augmented images
        </button>
        {blocked && !running && <span className="muted">{blocked}</span>}
      </div>
      {running && (
        <div className="materialise-progress" data-testid="materialise-progress" data-done={progress?.done ?? 0}>
          <progress max={progress?.total || 1} value={progress?.done ?? 0} />
          <div className="row">
            <span>
              {formatCount(progress?.done ?? 0)} of {formatCount(progress?.total ?? estimate?.total ?? 0)} · {Math.round(progress?.imagesPerSecond ?? 0)} images/s
            </span>
            <span className="spacer" />
            <button onClick={() => augmentWorker.get().cancelMaterialise()} data-testid="materialise-cancel">
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className={result.cancelled ? 'warn' : 'ok'} data-testid="materialise-result" data-created={result.created} data-cancelled={result.cancelled}>
          {result.cancelled ? `Cancelled: ${formatCount(result.created)} of ${formatCount(result.total)} images were added (they are kept; remove them below).` : `Added ${formatCount(result.created)} augmented images`}
          {' '}
          in {(result.millis / 1000).toFixed(1)} s ({Math.round(result.imagesPerSecond)} images/s on {result.workers} worker{result.workers > 1 ? 's' : ''}) · pipeline {result.pipelineId}, seed {result.seed}.{' '}
          <button className="link-inline" onClick={() => useWorkspace.getState().setTab('data')}>
            See them in the Data tab
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="materialise-error">
          {error}
        </p>
      )}
      {groups.length > 0 && (
        <div className="augmented-groups" data-testid="augmented-groups">
          <h4>Augmented images in this dataset</h4>
          <ul>
            {groups.map((g) => (
              <li key={g.pipelineId} className="row">
                <span>
                  <code>{g.pipelineId}</code> · seed {g.seeds.join(', ')} · {formatCount(g.count)} images
                </span>
                <button className="ghost" onClick={() => remove(g.pipelineId)} disabled={running} data-testid={`remove-augmented-${g.pipelineId}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <button className="danger" onClick={() => remove()} disabled={running} data-testid="remove-all-augmented">
            Remove all augmented images
          </button>
        </div>
      )}
    </section>
  );
}
