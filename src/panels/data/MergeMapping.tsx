/**
 * The class-mapping step after a drop was added to a dataset that had data: each incoming class
 * can keep its name, be renamed, or be merged into an existing class.
 */
import { useMemo, useState } from 'react';
import { classDisplayName } from '../../lib/format';
import { refreshDatasets } from '../../lib/import';
import { datasetWorker } from '../../lib/workers';
import { useIngest } from '../../store/ingest';
import { activeDataset, useWorkspace } from '../../store/workspace';

export function MergeMapping() {
  const merge = useIngest((s) => s.mergeSource);
  const dataset = useWorkspace(activeDataset);
  const bump = useWorkspace((s) => s.bump);
  const [targets, setTargets] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const existing = useMemo(() => dataset?.classes ?? [], [dataset]);
  if (!merge || !dataset || merge.datasetId !== dataset.id) return null;

  const apply = async () => {
    setBusy(true);
    const mapping: Record<string, string> = {};
    for (const label of merge.labels) {
      const to = (targets[label] ?? label).trim();
      if (to !== label) mapping[label] = to;
    }
    await datasetWorker.get().relabel(merge.datasetId, mapping, merge.sourceId);
    await refreshDatasets();
    bump();
    useIngest.getState().setMergeSource(null);
    setBusy(false);
  };

  return (
    <section className="merge-mapping" data-testid="merge-mapping">
      <h3>Map the classes of the added data</h3>
      <p className="muted">Each class of the new source keeps its name unless you rename it or merge it into one of the dataset’s classes.</p>
      <table>
        <thead>
          <tr><th>Incoming class</th><th>Becomes</th></tr>
        </thead>
        <tbody>
          {merge.labels.map((label) => (
            <tr key={label}>
              <td>{classDisplayName(label)}</td>
              <td>
                <input
                  list="existing-classes"
                  data-testid={`merge-target-${label}`}
                  value={targets[label] ?? label}
                  onChange={(e) => setTargets({ ...targets, [label]: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <datalist id="existing-classes">
        {existing.map((c) => <option key={c} value={c} />)}
      </datalist>
      <div className="row">
        <button className="primary" disabled={busy} data-testid="merge-apply" onClick={apply}>Apply mapping</button>
        <button className="ghost" onClick={() => useIngest.getState().setMergeSource(null)}>Keep names as they are</button>
      </div>
    </section>
  );
}
