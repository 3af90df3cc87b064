/** The Data tab: bring data in, see it, keep it. */
import { useState } from 'react';
import type { GalleryFilter } from '../../core/dataset/summary';
import type { SampleKind, Split } from '../../core/dataset/types';
import { classDisplayName } from '../../lib/format';
import { useWorkspace } from '../../store/workspace';
import { ClassSummary } from './ClassSummary';
import { DatasetHeader } from './DatasetHeader';
import { DatasetStats } from './DatasetStats';
import { Gallery } from './Gallery';
import { ImageViewer } from './ImageViewer';
import { ImportControls } from './ImportControls';
import { IngestProgressBar } from './IngestProgressBar';
import { IngestReportView } from './IngestReportView';
import { InterruptedImports } from './InterruptedImports';
import { MergeMapping } from './MergeMapping';
import { useSummary } from './useSummary';

export function DataPanel() {
  const datasetId = useWorkspace((s) => s.activeDatasetId);
  const revision = useWorkspace((s) => s.revision);
  const data = useSummary(datasetId, revision);
  const [filter, setFilter] = useState<GalleryFilter>({});
  const [viewing, setViewing] = useState<string | null>(null);
  const summary = data && data.meta.id === datasetId ? data.summary : null;

  return (
    <section className="panel data-panel">
      <ImportControls />
      <IngestProgressBar />
      <IngestReportView />
      <MergeMapping />
      <InterruptedImports />
      {!datasetId && (
        <div className="empty-state" data-testid="empty-state">
          <h2>Drop a dataset here</h2>
          <p>A folder of class folders (ImageFolder, with optional train/val/test), loose images, or a zip of either. PNG, JPEG, WebP, GIF and BMP. Nothing leaves this browser.</p>
        </div>
      )}
      {datasetId && (
        <>
          <DatasetHeader summary={summary} />
          {summary && (
            <div className="data-overview">
              <ClassSummary summary={summary} selected={filter.label} onSelect={(label) => setFilter({ ...filter, label })} />
              <DatasetStats summary={summary} />
            </div>
          )}
          <div className="gallery-filters row">
            <label>
              Class{' '}
              <select data-testid="filter-class" value={filter.label ?? '*'} onChange={(e) => setFilter({ ...filter, label: e.target.value === '*' ? undefined : e.target.value })}>
                <option value="*">all</option>
                {summary?.classes.map((c) => <option key={c.label} value={c.label}>{classDisplayName(c.label)}</option>)}
              </select>
            </label>
            <label>
              Split{' '}
              <select data-testid="filter-split" value={filter.split ?? '*'} onChange={(e) => setFilter({ ...filter, split: e.target.value === '*' ? undefined : (e.target.value as Split | 'none') })}>
                <option value="*">all</option>
                <option value="train">train</option>
                <option value="val">val</option>
                <option value="test">test</option>
                <option value="none">unsplit</option>
              </select>
            </label>
            <label>
              Kind{' '}
              <select data-testid="filter-kind" value={filter.kind ?? '*'} onChange={(e) => setFilter({ ...filter, kind: e.target.value === '*' ? undefined : (e.target.value as SampleKind) })}>
                <option value="*">all</option>
                <option value="original">original</option>
                <option value="augmented">augmented</option>
                <option value="synthetic">synthetic</option>
              </select>
            </label>
          </div>
          <Gallery datasetId={datasetId} filter={filter} revision={revision} onOpen={setViewing} />
          {viewing && <ImageViewer datasetId={datasetId} imageId={viewing} onClose={() => setViewing(null)} />}
        </>
      )}
    </section>
  );
}
