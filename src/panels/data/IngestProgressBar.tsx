/** Progress of the running import, with its rate and a Cancel button. */
import { cancelImport } from '../../lib/import';
import { formatCount } from '../../lib/format';
import { useIngest } from '../../store/ingest';

export function IngestProgressBar() {
  const running = useIngest((s) => s.running);
  const label = useIngest((s) => s.label);
  const p = useIngest((s) => s.progress);
  if (!running) return null;
  const pct = p && p.total ? (100 * p.done) / p.total : 0;
  return (
    <div className="ingest-progress" data-testid="ingest-progress" role="status">
      <div className="row">
        <span>
          Importing {label}: {p ? `${formatCount(p.done)} of ${formatCount(p.total)} files` : 'reading the file list…'}
          {p && ` · ${formatCount(p.imported)} imported, ${formatCount(p.skipped)} skipped · ${p.imagesPerSecond.toFixed(0)} images/s`}
        </span>
        <button className="ghost" data-testid="ingest-cancel" onClick={cancelImport}>Cancel</button>
      </div>
      <progress max={100} value={pct} />
    </div>
  );
}
