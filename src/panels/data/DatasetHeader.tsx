/** The open dataset: its name, format and size; switch between datasets; delete one. */
import { useState } from 'react';
import { formatBytes, formatCount } from '../../lib/format';
import { refreshDatasets } from '../../lib/import';
import { datasetWorker } from '../../lib/workers';
import { useIngest } from '../../store/ingest';
import { activeDataset, useWorkspace } from '../../store/workspace';
import type { DatasetSummary } from '../../core/dataset/summary';

export function DatasetHeader({ summary }: { summary: DatasetSummary | null }) {
  const datasets = useWorkspace((s) => s.datasets);
  const dataset = useWorkspace(activeDataset);
  const setActive = useWorkspace((s) => s.setActive);
  const [confirming, setConfirming] = useState(false);
  if (!dataset) return null;

  const remove = async () => {
    await datasetWorker.get().deleteDataset(dataset.id);
    useIngest.getState().setMergeSource(null);
    setConfirming(false);
    await refreshDatasets();
    useWorkspace.getState().bump();
  };

  return (
    <div className="dataset-header">
      <div>
        {datasets.length > 1 ? (
          <select data-testid="dataset-select" value={dataset.id} onChange={(e) => setActive(e.target.value)}>
            {datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        ) : (
          <h2 data-testid="dataset-name">{dataset.name}</h2>
        )}
        <p className="muted" data-testid="dataset-facts">
          {formatCount(dataset.count)} images · {dataset.classes.length} classes · stored at {dataset.format.size}×{dataset.format.size}×{dataset.format.channels} ({dataset.format.fit}) ·{' '}
          {dataset.sources.length} source{dataset.sources.length === 1 ? '' : 's'}
          {summary && ` · originals ${formatBytes(summary.originalBytes)}`}
        </p>
      </div>
      <div className="row">
        {confirming ? (
          <>
            <span>Delete “{dataset.name}” and all its images from this browser?</span>
            <button className="danger" data-testid="dataset-delete-confirm" onClick={remove}>Delete</button>
            <button className="ghost" onClick={() => setConfirming(false)}>Keep it</button>
          </>
        ) : (
          <button className="ghost" data-testid="dataset-delete" onClick={() => setConfirming(true)}>Delete dataset…</button>
        )}
      </div>
    </div>
  );
}
