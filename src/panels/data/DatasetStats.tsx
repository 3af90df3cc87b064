/** Image size, channel, type and split statistics of the originals. */
import type { DatasetSummary } from '../../core/dataset/summary';
import { formatCount } from '../../lib/format';

const CHANNEL_NAMES: Record<string, string> = { 1: 'grey', 2: 'grey + alpha', 3: 'RGB', 4: 'RGBA' };

export function DatasetStats({ summary }: { summary: DatasetSummary }) {
  const { width, height } = summary;
  return (
    <section className="dataset-stats" data-testid="dataset-stats">
      <h3>Images</h3>
      <dl>
        <dt>Original width</dt>
        <dd>{width.min === width.max ? `${width.min} px` : `${width.min}–${width.max} px (median ${width.median})`}</dd>
        <dt>Original height</dt>
        <dd>{height.min === height.max ? `${height.min} px` : `${height.min}–${height.max} px (median ${height.median})`}</dd>
        <dt>Channels</dt>
        <dd>{Object.entries(summary.channels).map(([c, n]) => `${CHANNEL_NAMES[c] ?? `${c} ch`} ${formatCount(n)}`).join(' · ') || '—'}</dd>
        <dt>File types</dt>
        <dd>{Object.entries(summary.mimes).map(([m, n]) => `${m.replace('image/', '').toUpperCase()} ${formatCount(n)}`).join(' · ') || '—'}</dd>
        <dt>Splits</dt>
        <dd>
          {(['train', 'val', 'test', 'none'] as const).filter((s) => summary.bySplit[s] > 0).map((s) => `${s === 'none' ? 'unsplit' : s} ${formatCount(summary.bySplit[s])}`).join(' · ')}
        </dd>
        <dt>Kinds</dt>
        <dd>
          {(['original', 'augmented', 'synthetic'] as const).filter((k) => summary.byKind[k] > 0).map((k) => `${k} ${formatCount(summary.byKind[k])}`).join(' · ')}
        </dd>
      </dl>
    </section>
  );
}
