/** Bars over named categories (class balance), stacked when there are several series; drawn by uPlot. */
import { useMemo } from 'react';
import uPlot from 'uplot';
import { UPlotChart } from './UPlotChart';

export interface BarSeries {
  label: string;
  values: number[];
  color: string;
}

export interface BarChartProps {
  categories: string[];
  /** Stacked bottom to top in this order. */
  series: BarSeries[];
  height?: number;
  onPick?(index: number): void;
}

export function BarChart({ categories, series, height = 180, onPick }: BarChartProps) {
  // Stacking: draw the running totals, tallest first, so each lower segment paints over it.
  const stacked = useMemo(() => {
    const totals = series.map((_, k) => categories.map((_, i) => series.slice(0, k + 1).reduce((a, s) => a + (s.values[i] ?? 0), 0)));
    return series.map((s, k) => ({ ...s, values: totals[k] })).reverse();
  }, [categories, series]);

  const seriesKey = stacked.map((s) => `${s.label}:${s.color}`).join('|');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const bars = uPlot.paths.bars!({ size: [0.7, 60], align: 0 });
    return {
      legend: { show: stacked.length > 1 },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: [-0.5, categories.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        {
          stroke: '#8a94a6',
          grid: { show: false },
          splits: () => categories.map((_, i) => i),
          values: (_u, splits) => splits.map((i) => categories[i] ?? ''),
          rotate: categories.length > 6 ? -35 : 0,
          size: categories.length > 6 ? 80 : 40,
        },
        { stroke: '#8a94a6', grid: { stroke: 'rgba(128,128,128,0.15)' } },
      ],
      series: [{}, ...stacked.map((s) => ({ label: s.label, fill: s.color, stroke: s.color, width: 0, paths: bars, points: { show: false } }))],
      hooks: onPick
        ? {
            ready: [
              (u: uPlot) =>
                u.over.addEventListener('click', () => {
                  if (u.cursor.idx != null) onPick(u.cursor.idx);
                }),
            ],
          }
        : {},
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [categories.join('\u0000'), seriesKey, onPick]);

  const data = useMemo<uPlot.AlignedData>(() => [categories.map((_, i) => i), ...stacked.map((s) => s.values)], [categories, stacked]);
  return <UPlotChart options={options} data={data} height={height} className="bar-chart" />;
}
