/**
 * The Evaluate tab: does augmentation or synthetic data help this dataset? Trains the same small
 * CNN on real data, real + the Augment tab's pipeline, real + synthetic and real + both, with the
 * same seeds and budget, scored on the same real held-out images; shows the numbers, the verdict
 * with its uncertainty, downloads the report, and keeps every run in a history.
 */
import { useEffect } from 'react';
import { activeDataset, useWorkspace } from '../../store/workspace';
import { useEvaluate } from '../../store/evaluate';
import { useSettings } from '../../store/settings';
import { refreshHistory, refreshInputs } from './evaluateClient';
import { HistoryView } from './HistoryView';
import { ProgressView } from './ProgressView';
import { ResultsView } from './ResultsView';
import { SetupForm } from './SetupForm';

export function EvaluatePanel() {
  const dataset = useWorkspace(activeDataset);
  const revision = useWorkspace((s) => s.revision);
  const override = useSettings((s) => s.backendOverride);
  const backend = useEvaluate((s) => s.backend);
  const backendError = useEvaluate((s) => s.backendError);
  const error = useEvaluate((s) => s.error);
  const record = useEvaluate((s) => s.record);
  const datasetId = dataset?.id ?? null;

  useEffect(() => {
    void refreshInputs(datasetId);
    void refreshHistory(datasetId);
  }, [datasetId, revision, override]);

  if (!dataset) {
    return (
      <section className="panel coming-soon">
        <h2>Evaluate</h2>
        <p>Import a labelled dataset in the Data tab first: the experiment trains a classifier on it.</p>
      </section>
    );
  }
  const shown = record && record.datasetId === dataset.id ? record : null;
  return (
    <div className="eval-panel" data-testid="evaluate-panel">
      <header className="row">
        <h2>Does augmentation or synthetic data help “{dataset.name}”?</h2>
        <span className="spacer" />
        <span className="muted" data-testid="eval-backend">
          {backend ? `classifier trains on ${backend.backend}${backend.adapter ? ` (${backend.adapter})` : ''}` : backendError ? '' : 'starting the backend…'}
        </span>
      </header>
      {backendError && <p className="error">The training backend did not start: {backendError}</p>}
      <SetupForm datasetId={dataset.id} />
      {error && (
        <p className="error" data-testid="eval-error" role="alert">
          {error}
        </p>
      )}
      <ProgressView />
      {shown && <ResultsView key={shown.id} record={shown} />}
      <HistoryView datasetId={dataset.id} />
    </div>
  );
}
