/** Class balance: a bar chart of images per class (stacked by kind) and a clickable list. */
import { useCallback, useMemo } from 'react';
import type { DatasetSummary } from '../../core/dataset/summary';
import { BarChart } from '../../lib/charts/BarChart';
import { classDisplayName, formatCount } from '../../lib/format';

const KIND_COLOURS = { original: '#1f6feb', augmented: '#f2994a', synthetic: '#9b51e0' } as const;

export function ClassSummary({ summary, selected, onSelect }: { summary: DatasetSummary; selected?: string; onSelect(label?: string): void }) {
  const categories = useMemo(() => summary.classes.map((c) => classDisplayName(c.label)), [summary]);
  const series = useMemo(
    () =>
      (['original', 'augmented', 'synthetic'] as const)
        .filter((k) => k === 'original' || summary.byKind[k] > 0)
        .map((k) => ({ label: k, color: KIND_COLOURS[k], values: summary.classes.map((c) => c.byKind[k]) })),
    [summary],
  );
  const pick = useCallback((i: number) => onSelect(summary.classes[i]?.label), [summary, onSelect]);
  const max = Math.max(1, ...summary.classes.map((c) => c.count));
  const min = Math.min(...summary.classes.map((c) => c.count));

  return (
    <section className="class-summary-panel">
      <h3>
        Class balance <span className="muted">({summary.classes.length} classes{summary.classes.length > 1 && `, ${min === max ? 'balanced' : `${formatCount(min)}–${formatCount(max)} per class`}`})</span>
      </h3>
      <BarChart categories={categories} series={series} onPick={pick} />
      <ul className="class-summary" data-testid="class-summary">
        {summary.classes.map((c) => (
          <li key={c.label} data-class={c.label} data-count={c.count} className={selected === c.label ? 'selected' : ''}>
            <button className="link" onClick={() => onSelect(selected === c.label ? undefined : c.label)}>
              <span className="class-name">{classDisplayName(c.label)}</span>
              <span className="class-count">{formatCount(c.count)}</span>
              {c.count === 0 && <span className="warn"> empty</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
