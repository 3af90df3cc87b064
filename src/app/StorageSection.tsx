/** How much space the workspace uses, whether the browser keeps it, and a way to clear it. */
import { useEffect, useState } from 'react';
import { formatBytes } from '../lib/format';
import { refreshDatasets } from '../lib/import';
import { datasetWorker } from '../lib/workers';
import { useIngest } from '../store/ingest';
import { useWorkspace } from '../store/workspace';

export function StorageSection() {
  const revision = useWorkspace((s) => s.revision);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    navigator.storage?.estimate?.().then((e) => setEstimate({ usage: e.usage ?? 0, quota: e.quota ?? 0 }));
    navigator.storage?.persisted?.().then(setPersisted);
  }, [revision]);

  const clear = async () => {
    await datasetWorker.get().clearWorkspace();
    useIngest.getState().finish([]);
    useIngest.getState().setMergeSource(null);
    setConfirming(false);
    await refreshDatasets();
    useWorkspace.getState().bump();
  };

  return (
    <section>
      <h3>Storage</h3>
      {estimate && (
        <p data-testid="storage-detail">
          The workspace uses {formatBytes(estimate.usage)}; {formatBytes(Math.max(0, estimate.quota - estimate.usage))} more is available to this site.
        </p>
      )}
      <p className="muted">
        {persisted
          ? 'The browser keeps this workspace even when disk space runs low.'
          : 'The browser may evict this workspace when disk space runs low.'}{' '}
        {!persisted && (
          <button className="link-inline" onClick={() => navigator.storage?.persist?.().then(setPersisted)}>Ask to keep it</button>
        )}
      </p>
      {confirming ? (
        <div className="row">
          <span>Delete every dataset, pipeline and model in this browser?</span>
          <button className="danger" data-testid="clear-workspace-confirm" onClick={clear}>Delete everything</button>
          <button className="ghost" onClick={() => setConfirming(false)}>Keep</button>
        </div>
      ) : (
        <button data-testid="clear-workspace" onClick={() => setConfirming(true)}>Clear workspace…</button>
      )}
    </section>
  );
}
