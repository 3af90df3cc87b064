/**
 * The Generate tab: train a GAN or VAE on the dataset in a worker, watch samples and curves live,
 * step through training slowly for teaching, look inside the model, measure it, and draw
 * synthetic images into the dataset. The main thread only draws what the train worker sends.
 */
import { useEffect, useState } from 'react';
import { refreshDatasets, runImport, sampleSource } from '../../lib/import';
import { useGenerate } from '../../store/generate';
import { useIngest } from '../../store/ingest';
import { useSettings } from '../../store/settings';
import { activeDataset, useWorkspace } from '../../store/workspace';
import { isGan } from '../../../workers/train/types';
import { useSummary } from '../data/useSummary';
import { Explore } from './Explore';
import { GenerateImages } from './GenerateImages';
import { LossCharts } from './LossCharts';
import { ModelFiles } from './ModelFiles';
import { QualityView } from './QualityView';
import { buildRequest, demoForm, SAMPLE_DATASET_NAME } from './request';
import { SampleGridView } from './SampleGridView';
import { ResumeOffer, SavedRuns } from './SavedRuns';
import { SpeedTest } from './SpeedTest';
import { TrainControls } from './TrainControls';
import { TrainFormView } from './TrainFormView';
import { refreshRuns, train, worker } from './trainClient';

function BackendBadge() {
  const b = useGenerate((s) => s.backend);
  const error = useGenerate((s) => s.backendError);
  if (!b) return <span className="muted" data-testid="train-backend">{error ? `Backend failed: ${error}` : 'Starting the training backend…'}</span>;
  const why = b.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  return (
    <span className="train-backend" data-testid="train-backend" title={why ? `Not used: ${why}` : undefined}>
      Training on <strong>{b.backend}</strong> · {b.adapter}
      {b.backend === 'wasm' ? ` · ${b.threads} thread${b.threads === 1 ? '' : 's'}` : ''}
      {b.forced ? ' (forced in Settings)' : ''}
      {why && <span className="muted"> · not used: {why}</span>}
    </span>
  );
}

function waitForImport(): Promise<void> {
  if (!useIngest.getState().running) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useIngest.subscribe((s) => {
      if (!s.running) {
        stop();
        resolve();
      }
    });
  });
}

/** One click: the embedded sample (imported if it is not in the workspace), a conditional DCGAN, go. */
async function startDemo(setNote: (s: string | null) => void): Promise<void> {
  const find = () => useWorkspace.getState().datasets.find((d) => d.name === SAMPLE_DATASET_NAME);
  await waitForImport();
  let sample = find();
  if (!sample) {
    setNote('Importing the Fashion-MNIST sample…');
    await runImport(sampleSource(), { asNewDataset: true, newDatasetName: SAMPLE_DATASET_NAME });
    await refreshDatasets();
    sample = find();
  }
  if (!sample) {
    setNote(useIngest.getState().error ?? 'The sample dataset could not be imported.');
    return;
  }
  setNote(null);
  if (useWorkspace.getState().activeDatasetId !== sample.id) useWorkspace.getState().setActive(sample.id);
  await worker().catch(() => undefined);
  const form = demoForm(useGenerate.getState().backend);
  useGenerate.getState().setForm(form);
  await train.start(buildRequest(form, sample));
}

export function GeneratePanel() {
  const dataset = useWorkspace(activeDataset);
  const revision = useWorkspace((s) => s.revision);
  const override = useSettings((s) => s.backendOverride);
  const data = useSummary(dataset?.id ?? null, revision);
  const run = useGenerate((s) => s.run);
  const form = useGenerate((s) => s.form);
  const busy = useGenerate((s) => s.busy);
  const [note, setNote] = useState<string | null>(null);

  // Start the backend (again, if Settings forced another one) and list this dataset's saved runs.
  useEffect(() => {
    void worker().catch(() => undefined);
  }, [override]);
  useEffect(() => {
    void refreshRuns(dataset?.id ?? null);
  }, [dataset?.id]);

  const summary = data && data.meta.id === dataset?.id ? data.summary : null;
  const runHere = run && run.datasetId === dataset?.id ? run : null;
  const gan = runHere ? isGan(runHere.model) : isGan(form.model);

  return (
    <section className="panel generate-panel">
      <header className="row generate-header">
        <h2>Generate</h2>
        {dataset && <span className="muted" data-testid="generate-panel-dataset">train a generator on “{dataset.name}” ({dataset.format.size}×{dataset.format.size}×{dataset.format.channels})</span>}
        <span className="spacer" />
        <BackendBadge />
      </header>
      <div className="row demo-bar">
        <button data-testid="train-demo" disabled={!!busy} onClick={() => void startDemo(setNote)} title="A conditional DCGAN on the embedded Fashion-MNIST sample, with settings that show class shapes within minutes">
          Train a demo GAN
        </button>
        <span className="muted">{note ?? 'One click: a conditional DCGAN on the Fashion-MNIST sample. Use Slow motion and Step once to teach.'}</span>
      </div>
      {run && !runHere && (
        <p className="warn">
          “{run.name}” is loaded from another dataset. <button className="link-inline" onClick={() => useWorkspace.getState().setActive(run.datasetId)}>Switch to it</button>
        </p>
      )}
      {!dataset ? (
        <div className="empty-state" data-testid="generate-empty">
          <h2>No dataset yet</h2>
          <p>Import images in the Data tab, or press “Train a demo GAN” to use the embedded sample.</p>
        </div>
      ) : (
        <>
          <ResumeOffer />
          <div className="generate-layout">
            <TrainFormView meta={dataset} summary={summary} />
            <div className="generate-live">
              <TrainControls meta={dataset} />
              <Notices />
              <div className="live-row">
                <SampleGridView />
                <Speeds />
              </div>
              <LossCharts gan={gan} />
            </div>
          </div>
          {runHere && (
            <>
              <Explore key={runHere.id} run={runHere} />
              <GenerateImages key={`g-${runHere.id}`} run={runHere} />
              <QualityView key={`q-${runHere.id}`} run={runHere} />
            </>
          )}
          <ModelFiles meta={dataset} />
          <SavedRuns />
        </>
      )}
      <SpeedTest />
    </section>
  );
}

function Notices() {
  const notices = useGenerate((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="train-notices" data-testid="train-notices">
      {notices.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

function Speeds() {
  const sps = useGenerate((s) => s.stepsPerSecond);
  const ips = useGenerate((s) => s.imagesPerSecond);
  const batch = useGenerate((s) => s.batchSize);
  const losses = useGenerate((s) => s.losses);
  const backend = useGenerate((s) => s.backend?.backend);
  return (
    <dl className="train-speeds" data-testid="train-speeds">
      <dt>steps/s</dt>
      <dd data-testid="train-steps-per-second">{sps ? sps.toFixed(2) : '–'}</dd>
      <dt>images/s</dt>
      <dd>{ips ? ips.toFixed(0) : '–'}</dd>
      <dt>batch</dt>
      <dd>{batch || '–'}</dd>
      <dt>backend</dt>
      <dd>{backend ?? '…'}</dd>
      {losses &&
        Object.entries(losses).map(([k, v]) => (
          <div key={k} className="loss-value">
            <dt>{k}</dt>
            <dd>{Number.isFinite(v) ? v.toFixed(3) : String(v)}</dd>
          </div>
        ))}
    </dl>
  );
}
