/** The running export: a bar, images done, MB written, rate, and Cancel; then how it ended. */
import { formatBytes, formatCount } from '../../lib/format';
import { cancelExport } from './runExport';
import { useExportRun } from './useExportRun';

const MB = 2 ** 20;

export function ExportProgressView() {
  const { running, cancelling, progress: p, fileName } = useExportRun();
  if (!running) return null;
  const pct = p && p.imagesTotal ? (100 * p.imagesDone) / p.imagesTotal : 0;
  const seconds = p ? p.elapsedMs / 1000 : 0;
  const rate = p && seconds > 0 ? p.imagesDone / seconds : 0;
  const mbps = p && seconds > 0 ? p.bytesWritten / MB / seconds : 0;
  return (
    <div className="export-progress" data-testid="export-progress" data-images-done={p?.imagesDone ?? 0} data-images-total={p?.imagesTotal ?? 0} role="status">
      <div className="row">
        {/* On the left: the offline-ready toast sits at the bottom right. */}
        <button className="ghost" data-testid="export-cancel" disabled={cancelling} onClick={cancelExport}>Cancel</button>
        <span>
          Exporting {fileName}:{' '}
          {!p || p.phase === 'preparing'
            ? 'reading the dataset…'
            : `${formatCount(p.imagesDone)} of ${formatCount(p.imagesTotal)} images · ${formatBytes(p.bytesWritten)} written · ${rate.toFixed(0)} images/s · ${mbps.toFixed(1)} MB/s`}
          {cancelling && ' · cancelling…'}
        </span>
      </div>
      <progress max={100} value={pct} />
    </div>
  );
}

export function ExportResultView() {
  const { finished: f, error } = useExportRun();
  if (error) return <p className="error export-result" data-testid="export-error" role="alert">{error}</p>;
  if (!f) return null;
  const r = f.regeneration;
  return (
    <div className="export-result" data-testid="export-result" data-status={f.status} data-bytes={f.bytesWritten} data-images={f.imagesWritten} data-elapsed-ms={f.elapsedMs.toFixed(0)}>
      {f.status === 'done' ? (
        <p className="ok">
          {f.sink === 'file' ? `Saved ${f.fileName}` : `Downloaded ${f.fileName}`}: {formatCount(f.imagesWritten)} images, {formatBytes(f.bytesWritten)} in {(f.elapsedMs / 1000).toFixed(1)} s
          ({(f.imagesWritten / Math.max(f.elapsedMs / 1000, 1e-3)).toFixed(0)} images/s).
        </p>
      ) : (
        <p className="warn">Export cancelled: {f.sink === 'file' ? 'the file was left as it was.' : 'nothing was downloaded.'}</p>
      )}
      {r.regenerated > 0 && (
        <p className={r.mismatched > 0 ? 'warn' : 'muted'} data-testid="export-regeneration" data-regenerated={r.regenerated} data-checked={r.checked} data-mismatched={r.mismatched}>
          {formatCount(r.regenerated)} augmented images regenerated from their plans{r.backend ? ` on ${r.backend}` : ''}
          {r.checked > 0 &&
            (r.mismatched === 0
              ? `; all ${formatCount(r.checked)} match the pixels recorded when they were made.`
              : `; ${formatCount(r.mismatched)} of ${formatCount(r.checked)} differ from the pixels recorded when they were made (another backend rounds differently?), e.g. ${r.mismatchedIds.join(', ')}. The zip holds the regenerated pixels.`)}
        </p>
      )}
    </div>
  );
}
