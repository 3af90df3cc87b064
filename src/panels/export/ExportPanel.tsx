/** The Export tab: choose how, see what the zip will hold, export it with progress and Cancel. */
import { formatCount } from '../../lib/format';
import { activeDataset, useWorkspace } from '../../store/workspace';
import { ExportOptionsForm, ratiosProblem } from './ExportOptionsForm';
import { ExportProgressView, ExportResultView } from './ExportProgressView';
import { ExportSummaryView } from './ExportSummaryView';
import { startExport } from './runExport';
import { usePreview } from './usePreview';
import { useExportRun } from './useExportRun';
import { useExportSettings } from './useExportSettings';

export function ExportPanel() {
  const dataset = useWorkspace(activeDataset);
  const revision = useWorkspace((s) => s.revision);
  const options = useExportSettings((s) => s.options);
  const includeModels = useExportSettings((s) => s.includeModels);
  const includeExperimentReport = useExportSettings((s) => s.includeExperimentReport);
  const running = useExportRun((s) => s.running);
  const valid = ratiosProblem(options.split.ratios) === null;
  const { preview, loading, error } = usePreview(dataset?.id ?? null, options, { includeModels, includeExperimentReport }, revision, valid);

  if (!dataset) {
    return (
      <section className="panel export-panel">
        <div className="empty-state" data-testid="export-empty">
          <h2>Nothing to export yet</h2>
          <p>Import a dataset in the Data tab first.</p>
        </div>
      </section>
    );
  }

  const current = preview && preview.datasetId === dataset.id ? preview : null;
  const blocked = !valid || !current || current.summary.errors.length > 0 || loading;

  return (
    <section className="panel export-panel">
      <header className="row">
        <h2>Export “{dataset.name}”</h2>
        <span className="muted">{formatCount(dataset.count)} images in the workspace · {dataset.format.size}×{dataset.format.size}×{dataset.format.channels}</span>
      </header>
      <ExportOptionsForm disabled={running} experiment={current?.experiment ?? null} />
      {error && <p className="error" data-testid="export-preview-error">Could not plan the export: {error}</p>}
      {current && <ExportSummaryView preview={current} loading={loading} />}
      <div className="row export-actions">
        <button className="primary" data-testid="export-start" disabled={blocked || running} onClick={() => void startExport(dataset.id, dataset.name)}>
          Export zip
        </button>
        {!current && loading && <span className="muted">Planning…</span>}
      </div>
      <ExportProgressView />
      {!running && <ExportResultView />}
    </section>
  );
}
