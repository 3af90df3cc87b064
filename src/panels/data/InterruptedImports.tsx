/** An import cut short by a reload or a closed tab: say so, and let the user keep or remove what arrived. */
import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { refreshDatasets } from '../../lib/import';
import { datasetWorker } from '../../lib/workers';
import { useIngest } from '../../store/ingest';
import { activeDataset, useWorkspace } from '../../store/workspace';

export function InterruptedImports() {
  const dataset = useWorkspace(activeDataset);
  const running = useIngest((s) => s.running);
  const [busy, setBusy] = useState(false);
  if (!dataset || running) return null;
  // `complete === false` (not undefined): written by an import that never reached its end.
  const interrupted = dataset.sources.filter((s) => s.complete === false);
  if (!interrupted.length) return null;

  const act = async (sourceId: string, remove: boolean) => {
    setBusy(true);
    const w = datasetWorker.get();
    // Removing the only source of a dataset removes the dataset.
    if (remove && dataset.sources.length === 1) await w.deleteDataset(dataset.id);
    else await (remove ? w.removeSource(dataset.id, sourceId) : w.keepSource(dataset.id, sourceId));
    await refreshDatasets();
    useWorkspace.getState().bump();
    setBusy(false);
  };

  return (
    <>
      {interrupted.map((s) => (
        <section key={s.id} className="ingest-report warn-box" data-testid="interrupted-import">
          <p>
            The import of <strong>{s.name}</strong> was interrupted (the page was reloaded or closed): {formatCount(s.imported)} images had been stored.
          </p>
          <div className="row">
            <button disabled={busy} data-testid="interrupted-keep" onClick={() => act(s.id, false)}>Keep those images</button>
            <button disabled={busy} className="ghost" data-testid="interrupted-remove" onClick={() => act(s.id, true)}>Remove them</button>
          </div>
        </section>
      ))}
    </>
  );
}
