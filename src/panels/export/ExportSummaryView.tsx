/** The pre-export summary: counts per class × split × kind, what is left out, warnings, duplicates across splits, blocking errors. */
import { SPLITS, type SampleKind } from '../../core/dataset/types';
import { classDisplayName, formatBytes, formatCount } from '../../lib/format';
import type { ExportPreview } from '../../../workers/export/types';

const KINDS: SampleKind[] = ['original', 'augmented', 'synthetic'];
const SHORT: Record<SampleKind, string> = { original: '', augmented: ' aug', synthetic: ' syn' };

function cellText(c: Record<SampleKind, number>): string {
  const parts = KINDS.filter((k) => c[k] > 0).map((k) => `${formatCount(c[k])}${SHORT[k]}`);
  return parts.length ? parts.join(' + ') : '0';
}

export function ExportSummaryView({ preview, loading }: { preview: ExportPreview; loading: boolean }) {
  const { summary } = preview;
  const classes = [...summary.classes].sort((a, b) => a.index - b.index);
  const totals = Object.fromEntries(SPLITS.map((s) => [s, Object.fromEntries(KINDS.map((k) => [k, 0]))])) as Record<string, Record<SampleKind, number>>;
  for (const c of classes) for (const s of SPLITS) for (const k of KINDS) totals[s][k] += summary.counts[c.label]?.[s][k] ?? 0;
  const shownDuplicates = summary.duplicates.slice(0, 20);

  return (
    <section className={`export-summary${loading ? ' stale' : ''}`} data-testid="export-summary" data-images={summary.images} data-files={summary.files}>
      <header className="row">
        <strong>
          {formatCount(summary.images)} images in {formatCount(summary.files)} entries
        </strong>
        {summary.originalBytes > 0 && <span className="muted">· {formatBytes(summary.originalBytes)} of original files, untouched</span>}
        {preview.augmentedToRegenerate > 0 && <span className="muted">· {formatCount(preview.augmentedToRegenerate)} augmented images regenerated from their plans</span>}
        {loading && <span className="muted">· updating…</span>}
      </header>

      {summary.errors.length > 0 && (
        <ul className="export-errors" data-testid="export-errors" role="alert">
          {summary.errors.map((e) => <li key={e}>{e}</li>)}
        </ul>
      )}

      <table className="export-counts">
        <thead>
          <tr>
            <th>Class</th>
            <th>Folder</th>
            <th>Index</th>
            {SPLITS.map((s) => <th key={s}>{s}</th>)}
            <th>Total</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => {
            const row = summary.counts[c.label];
            const total = SPLITS.reduce((n, s) => n + KINDS.reduce((m, k) => m + (row?.[s][k] ?? 0), 0), 0);
            return (
              <tr key={c.folder} data-testid="export-class" data-class={c.label} data-folder={c.folder}>
                <td>{classDisplayName(c.label)}</td>
                <td><code>{c.folder}</code></td>
                <td>{c.index}</td>
                {SPLITS.map((s) => {
                  const cell = row?.[s] ?? { original: 0, augmented: 0, synthetic: 0 };
                  return (
                    <td key={s} data-split={s} data-original={cell.original} data-augmented={cell.augmented} data-synthetic={cell.synthetic} className={cellText(cell) === '0' ? 'muted' : undefined}>
                      {cellText(cell)}
                    </td>
                  );
                })}
                <td>{formatCount(total)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>All</th>
            {SPLITS.map((s) => <th key={s}>{cellText(totals[s])}</th>)}
            <th>{formatCount(summary.images)}</th>
          </tr>
        </tfoot>
      </table>

      {summary.excludedDerived > 0 && (
        <p className="muted" data-testid="export-excluded">
          {formatCount(summary.excludedDerived)} augmented/synthetic images are left out: their source is in val or test, and only train gets generated images.
        </p>
      )}

      {preview.extras.length > 0 && (
        <p className="muted" data-testid="export-extras">
          Also in the zip: {preview.extras.map((p) => <code key={p}>{p} </code>)}
        </p>
      )}

      {summary.warnings.length > 0 && (
        <ul className="export-warnings warn" data-testid="export-warnings">
          {summary.warnings.map((w) => <li key={w}>{w}</li>)}
        </ul>
      )}

      {summary.duplicates.length > 0 && (
        <details className="export-duplicates" data-testid="export-duplicates" data-count={summary.duplicates.length}>
          <summary className="warn">
            {formatCount(summary.duplicates.length)} identical image(s) in more than one split
          </summary>
          <ul>
            {shownDuplicates.map((d) => (
              <li key={d.hash}>
                <code>{d.hash.slice(0, 12)}</code>:{' '}
                {d.members.map((m) => `${m.sourceName} (${classDisplayName(m.label)}, ${m.split}${m.kind === 'original' ? '' : `, ${m.kind}`})`).join(' · ')}
              </li>
            ))}
            {summary.duplicates.length > shownDuplicates.length && <li className="muted">and {formatCount(summary.duplicates.length - shownDuplicates.length)} more (all listed in manifest.json)</li>}
          </ul>
        </details>
      )}
    </section>
  );
}
