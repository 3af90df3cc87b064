/**
 * Loss curves with uPlot: both players for GANs (losses, and the discriminator's belief in real
 * and fake images), reconstruction and KL for VAEs, with the held-out ELBO terms per epoch.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { UPlotChart } from '../../lib/charts/UPlotChart';
import { useGenerate, type Series } from '../../store/generate';

const LABELS: Record<string, string> = {
  d: 'D loss',
  g: 'G loss',
  realScore: 'D(x)',
  fakeScore: 'D(G(z))',
  recon: 'reconstruction',
  kl: 'KL',
  heldOutRecon: 'held-out reconstruction',
  heldOutKl: 'held-out KL',
};
const COLORS: Record<string, string> = {
  d: '#f85149',
  g: '#3fb950',
  realScore: '#388bfd',
  fakeScore: '#d29922',
  recon: '#388bfd',
  kl: '#d29922',
  heldOutRecon: '#a371f7',
  heldOutKl: '#f778ba',
};

/** Keeps at most this many points on screen (every k-th, always the last). */
const MAX_POINTS = 1500;

function aligned(history: Series, heldOut: Series, names: string[]): uPlot.AlignedData {
  const n = history.steps.length;
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  const keep: number[] = [];
  for (let i = 0; i < n; i += stride) keep.push(i);
  if (n > 0 && keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  const x = keep.map((i) => history.steps[i]);
  const heldAt = new Map(heldOut.steps.map((st, i) => [st, i]));
  // Held-out points sit on the steps that ended an epoch; keep those steps even when thinning.
  const cols = names.map((name) => {
    if (name in history.values) return keep.map((i) => finite(history.values[name][i]));
    const col = heldOut.values[name] ?? [];
    return x.map((st) => (heldAt.has(st) ? finite(col[heldAt.get(st)!]) : null));
  });
  return [x, ...cols];
}

const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

function Chart({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  const history = useGenerate((s) => s.history);
  const heldOut = useGenerate((s) => s.heldOut);
  const key = names.join(',');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false } },
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      axes: [
        { stroke: '#8a94a6', grid: { stroke: '#2a3441' }, ticks: { stroke: '#2a3441' } },
        { stroke: '#8a94a6', grid: { stroke: '#2a3441' }, ticks: { stroke: '#2a3441' }, size: 56 },
      ],
      series: [
        { label: 'step' },
        ...names.map((n) => ({
          label: LABELS[n] ?? n,
          stroke: COLORS[n] ?? '#e6edf3',
          width: 1.5,
          spanGaps: n.startsWith('heldOut'),
          points: { show: n.startsWith('heldOut'), size: 6 },
        })),
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const data = useMemo(() => aligned(history, heldOut, names), [history, heldOut, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="loss-chart" data-testid={testId} data-points={history.steps.length} data-last-step={history.steps.at(-1) ?? 0}>
      <h4>{title}</h4>
      <UPlotChart options={options} data={data} height={170} />
    </div>
  );
}

export function LossCharts({ gan }: { gan: boolean }) {
  return gan ? (
    <div className="loss-charts">
      <Chart title="Losses (both players)" names={['d', 'g']} testId="train-loss-chart" />
      <Chart title="Discriminator: P(real) on real and fake images" names={['realScore', 'fakeScore']} testId="train-score-chart" />
    </div>
  ) : (
    <div className="loss-charts">
      <Chart title="Reconstruction (nats per image)" names={['recon', 'heldOutRecon']} testId="train-loss-chart" />
      <Chart title="KL divergence (nats)" names={['kl', 'heldOutKl']} testId="train-score-chart" />
    </div>
  );
}
