/** The import report: what was read, imported and skipped, and for every skipped file why. */
import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { useIngest } from '../../store/ingest';

const REASON_TITLES: Record<string, string> = {
  'not-an-image': 'Not an image',
  corrupt: 'Corrupt or truncated',
  'empty-file': 'Empty file',
  'too-large': 'Too large',
  'unsafe-path': 'Unsafe path',
  'system-file': 'Hidden or system file',
  duplicate: 'Exact duplicate',
  'too-deep': 'Outside the folder layout',
  cancelled: 'Cancelled',
};

const LAYOUTS = { imagefolder: 'ImageFolder (class/image)', 'imagefolder-split': 'ImageFolder with splits (split/class/image)', flat: 'loose images (one unlabeled class)' };

export function IngestReportView() {
  const reports = useIngest((s) => s.reports);
  const error = useIngest((s) => s.error);
  const [open, setOpen] = useState(true);
  if (!reports.length && !error) return null;
  const imported = reports.reduce((a, r) => a + r.imported, 0);
  const skipped = reports.flatMap((r) => r.skipped);
  const seen = reports.reduce((a, r) => a + r.filesSeen, 0);
  return (
    <section
      className="ingest-report"
      data-testid="ingest-report"
      data-imported={imported}
      data-elapsed-ms={reports.reduce((a, r) => a + r.elapsedMs, 0).toFixed(0)}
    >
      {error && <p className="error" data-testid="ingest-error">{error}</p>}
      {reports.length > 0 && (
        <>
          <header className="row">
            <strong>
              Import report: <span data-testid="report-imported">{formatCount(imported)}</span> imported,{' '}
              <span data-testid="report-skipped">{formatCount(skipped.length)}</span> skipped of {formatCount(seen)} files read
              {reports.some((r) => r.cancelled) && ' (cancelled)'}
            </strong>
            <button className="ghost" onClick={() => setOpen(!open)}>{open ? 'Hide details' : 'Show details'}</button>
          </header>
          {open && (
            <div className="report-details">
              {reports.map((r) => (
                <p key={r.sourceId || r.sourceName} className="muted">
                  {r.sourceName}: read as {LAYOUTS[r.layout]} in {(r.elapsedMs / 1000).toFixed(1)} s
                  {r.emptyClasses.length > 0 && (
                    <span className="warn" data-testid="report-empty-classes">
                      {' '}· class folders with no images: {r.emptyClasses.join(', ')}
                    </span>
                  )}
                </p>
              ))}
              {skipped.length > 0 && (
                <ul className="skipped-list">
                  {skipped.map((s, i) => (
                    <li key={i} data-testid="skipped-file" data-reason={s.reason} data-path={s.path}>
                      <code>{s.path}</code> — <strong>{REASON_TITLES[s.reason] ?? s.reason}</strong>: {s.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
