/** uPlot options and data for the Evaluate tab's charts: training curves and accuracy-vs-n. */
import type uPlot from 'uplot';
import type { Arm, ExperimentResult, RunResult } from '../../core/evaluate/types';
import type { SweepCurve } from '../../core/evaluate/sweep';
import { ARM_WORDS } from '../../core/evaluate/significance';

export const ARM_COLOURS: Record<Arm, string> = { real: '#8a94a6', augmented: '#388bfd', synthetic: '#3fb950', both: '#d29922' };

function meanAt(runs: RunResult[], pick: (r: RunResult) => { steps: number[]; values: number[] | undefined }, x: number[]): Array<number | null> {
  const maps = runs.map((r) => {
    const { steps, values } = pick(r);
    const m = new Map<number, number>();
    steps.forEach((s, i) => values && Number.isFinite(values[i]) && m.set(s, values[i]));
    return m;
  });
  return x.map((s) => {
    const vs = maps.map((m) => m.get(s)).filter((v): v is number => v !== undefined);
    return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
  });
}

function curveData(result: ExperimentResult, which: 'train' | 'validation'): { arms: Arm[]; data: uPlot.AlignedData } {
  const arms = result.arms.map((a) => a.arm);
  const pick = (r: RunResult) =>
    which === 'train'
      ? { steps: r.curve.steps, values: r.curve.values.loss }
      : { steps: r.validationCurve.steps, values: r.validationCurve.values.heldOutAccuracy?.map((v) => 100 * v) };
  const x = [...new Set(result.runs.flatMap((r) => pick(r).steps))].sort((a, b) => a - b);
  const ys = arms.map((arm) => meanAt(result.runs.filter((r) => r.arm === arm), pick, x));
  return { arms, data: [x, ...ys] as uPlot.AlignedData };
}

function options(title: string, arms: Arm[], yLabel: string): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    title,
    scales: { x: { time: false } },
    axes: [
      { stroke: '#8a94a6', grid: { stroke: '#2a3441' }, label: 'step' },
      { stroke: '#8a94a6', grid: { stroke: '#2a3441' }, label: yLabel },
    ],
    series: [{ label: 'step' }, ...arms.map((a) => ({ label: ARM_WORDS[a].label, stroke: ARM_COLOURS[a], width: 2, spanGaps: true }))],
  };
}

export function trainingLossChart(result: ExperimentResult) {
  const { arms, data } = curveData(result, 'train');
  return { options: options('Training loss (mean over seeds)', arms, 'loss'), data };
}

export function validationChart(result: ExperimentResult) {
  const { arms, data } = curveData(result, 'validation');
  return { options: options('Validation accuracy at each epoch’s end (mean over seeds, %)', arms, 'accuracy %'), data };
}

export function sweepChart(curves: SweepCurve[]) {
  const x = [...new Set(curves.flatMap((c) => c.perClass))].sort((a, b) => a - b);
  const ys = curves.map((c) => x.map((n) => {
    const i = c.perClass.indexOf(n);
    return i < 0 ? null : 100 * c.accuracy[i].mean;
  }));
  const opts: Omit<uPlot.Options, 'width' | 'height'> = {
    title: 'Validation accuracy vs training images per class (mean over seeds, %)',
    scales: { x: { time: false, distr: 3 } },
    axes: [
      { stroke: '#8a94a6', grid: { stroke: '#2a3441' }, label: 'images per class (n)' },
      { stroke: '#8a94a6', grid: { stroke: '#2a3441' }, label: 'accuracy %' },
    ],
    series: [{ label: 'n' }, ...curves.map((c) => ({ label: c.label, stroke: ARM_COLOURS[c.arm], width: 2, points: { show: true, size: 6 }, spanGaps: true }))],
  };
  return { options: opts, data: [x, ...ys] as uPlot.AlignedData };
}
