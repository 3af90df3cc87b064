/**
 * The pipeline editor: name, presets, pipeline-level probability, files, messages, and the tree
 * of transforms. Every edit is checked by the augment worker (the engine's own validation and
 * the dataset's channels), and problems are shown next to the pipeline, in words.
 */
import { useEffect, useState } from 'react';
import type { Issue } from '../../core/pipeline/types';
import { augmentWorker } from '../../lib/workers';
import { usePipeline } from '../../store/pipeline';
import { CheckedNumber } from './ParamControl';
import { PipelineFiles } from './PipelineFiles';
import { PipelineTree } from './PipelineTree';
import { SeedControl } from './SeedControl';
import { updateNode } from './tree';

function Presets({ imageSize }: { imageSize: number | undefined }) {
  const presets = usePipeline((s) => s.presets);
  const replace = usePipeline((s) => s.replace);
  const setNotice = usePipeline((s) => s.setNotice);
  const [id, setId] = useState('standard');
  const [n, setN] = useState(2);
  const [m, setM] = useState(9);
  const load = async () => {
    try {
      const p = await augmentWorker.get().buildPreset({ id, imageSize, n, m });
      replace(p, { undoable: true });
      setNotice({ kind: 'info', title: `Loaded the “${p.name}” preset.`, lines: [] });
    } catch (e) {
      setNotice({ kind: 'error', title: 'The preset could not be loaded.', lines: [(e as Error).message] });
    }
  };
  return (
    <div className="presets row">
      <label>
        <span className="muted">Preset</span>{' '}
        <select value={id} onChange={(e) => setId(e.target.value)} data-testid="preset-select">
          {presets.map((p) => (
            <option key={p.id} value={p.id} title={p.description}>
              {p.id === 'randaugment' ? 'RandAugment (N, M)' : p.label}
            </option>
          ))}
        </select>
      </label>
      {id === 'randaugment' && (
        <>
          <label title="Number of ops applied to each image">
            N <input type="number" min={1} max={10} value={n} onChange={(e) => setN(Math.max(1, Math.min(10, Math.round(Number(e.target.value) || 1))))} data-testid="randaugment-n" />
          </label>
          <label title="Magnitude, 0–30 (torchvision's scale)">
            M <input type="number" min={0} max={30} value={m} onChange={(e) => setM(Math.max(0, Math.min(30, Number(e.target.value) || 0)))} data-testid="randaugment-m" />
          </label>
        </>
      )}
      <button onClick={load} data-testid="preset-apply" disabled={!presets.length}>
        Load preset
      </button>
    </div>
  );
}

function NoticeView() {
  const notice = usePipeline((s) => s.notice);
  const previous = usePipeline((s) => s.previous);
  const undo = usePipeline((s) => s.undoReplace);
  const setNotice = usePipeline((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="pipeline-message" data-kind={notice.kind}>
      <div className="row">
        <strong>{notice.title}</strong>
        <span className="spacer" />
        {previous && notice.kind !== 'error' && (
          <button className="ghost" onClick={undo} data-testid="pipeline-undo">
            Undo
          </button>
        )}
        <button className="ghost icon" aria-label="Dismiss" onClick={() => setNotice(null)}>
          ✕
        </button>
      </div>
      {notice.lines.length > 0 && (
        <ul>
          {notice.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The engine's verdict on the current pipeline for this dataset. */
function useIssues(channels: number | null): Issue[] {
  const version = usePipeline((s) => s.version);
  const [issues, setIssues] = useState<Issue[]>([]);
  useEffect(() => {
    const p = usePipeline.getState().pipeline;
    if (!p) return;
    let live = true;
    const t = setTimeout(() => {
      augmentWorker
        .get()
        .checkPipeline(p, channels ?? undefined)
        .then((r) => live && setIssues([...r.errors, ...r.channelIssues]))
        .catch(() => undefined);
    }, 100);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [version, channels]);
  return issues;
}

export function PipelineEditor({ channels, imageSize }: { channels: number | null; imageSize: number | undefined }) {
  const pipeline = usePipeline((s) => s.pipeline);
  const catalog = usePipeline((s) => s.catalog);
  const edit = usePipeline((s) => s.edit);
  const issues = useIssues(channels);
  const [name, setName] = useState('');
  useEffect(() => setName(pipeline?.name ?? ''), [pipeline?.name]);

  if (!pipeline || !catalog) return <section className="pipeline-editor muted">Starting the augmentation engine…</section>;
  return (
    <section className="pipeline-editor" data-testid="pipeline-editor">
      <div className="row editor-top">
        <input
          className="pipeline-name"
          value={name}
          aria-label="Pipeline name"
          data-testid="pipeline-name"
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name !== pipeline.name && edit((p) => ({ ...p, name }))}
        />
        <label className="node-p" title="Probability that the whole pipeline runs on an image">
          <span className="muted">pipeline p</span>
          <CheckedNumber value={pipeline.root.p} min={0} max={1} step={0.01} label="Pipeline p" testId="pipeline-p" onChange={(v) => edit((p) => updateNode(p, p.root.id, { p: v }))} />
        </label>
      </div>
      <div className="row">
        <SeedControl />
      </div>
      <Presets imageSize={imageSize} />
      <PipelineFiles imageSize={imageSize} />
      <NoticeView />
      {issues.length > 0 && (
        <div className="notice notice-error" role="alert" data-testid="pipeline-issues">
          <strong>This pipeline cannot run on this dataset as it is:</strong>
          <ul>
            {issues.map((i, k) => (
              <li key={k}>{i.message}</li>
            ))}
          </ul>
        </div>
      )}
      <PipelineTree root={pipeline.root} catalog={catalog} channels={channels} />
    </section>
  );
}
