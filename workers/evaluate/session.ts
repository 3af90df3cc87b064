/**
 * One experiment at a time in the evaluate worker: reads the data, builds the arms' inputs (the
 * Augment tab's pipeline through pipelineAugment, a generator's synthetic images), estimates the
 * time from a measured step on this backend, runs the experiment (or a sweep over n), forwards
 * progress, and saves the report in the workspace history.
 */
import {
  ARM_WORDS,
  buildReport,
  estimateSeconds,
  formatDuration,
  measureStepTiming,
  planExperiment,
  planSweep,
  runExperiment,
  runSweep,
  type Arm,
  type ExperimentConfig,
  type ExperimentResult,
  type ReportGenerator,
  type ReportPipeline,
  type StepTiming,
  type SweepResult,
} from '../../src/core/evaluate';
import { pipelineAugment } from '../../src/core/evaluate/pipelineAugment';
import { TrainingError } from '../../src/core/models/errors';
import { checkChannels, leaves, standardClassificationPreset, validatePipeline, type Pipeline } from '../../src/core/pipeline';
import { getObject } from '../shared/db';
import { defaultGenerator, generatorInfo, loadExperimentData, type ExperimentData } from './data';
import { newExperimentId, saveExperiment } from './history';
import type { EvaluateBackendInfo, EvaluateEstimate, EvaluateEvent, EvaluateRequest, ExperimentRecord } from './types';

/** The id the Augment tab saves its current pipeline under (workers/augment/pipelines.ts). */
const WORKSPACE_PIPELINE = 'workspace-pipeline';

interface Prepared {
  data: ExperimentData;
  config: ExperimentConfig;
  pipeline?: ReportPipeline;
  generator?: ReportGenerator;
}

function describeNode(n: { name: string; p: number; params: Record<string, unknown> }): string {
  return n.p < 1 ? `${n.name} (p ${n.p})` : n.name;
}

async function loadPipeline(json: unknown, channels: number, notes: string[]): Promise<Pipeline> {
  let source = json ?? (await getObject<unknown>(WORKSPACE_PIPELINE));
  if (source === undefined || source === null) {
    // What the Augment tab itself starts with when nothing was saved.
    source = standardClassificationPreset();
    notes.push('No augmentation pipeline was saved in the Augment tab yet: arm (b) used the "Standard classification" preset, which that tab starts with.');
  }
  const { pipeline, errors } = validatePipeline(source);
  if (!pipeline) throw new TrainingError('bad-config', `The augmentation pipeline is not valid: ${errors.map((e) => e.message).join(' ')}`);
  const issues = checkChannels(pipeline, channels);
  if (issues.length > 0) {
    throw new TrainingError('bad-config', `The augmentation pipeline cannot run on these ${channels === 1 ? 'grey' : 'colour'} images: ${issues.map((i) => i.message).join(' ')}`);
  }
  return pipeline;
}

export function experimentTitle(arms: readonly Arm[], seeds: number, perClass: number | null, sweep: number[] | null): string {
  const who = arms.map((a) => ARM_WORDS[a].label).join(' vs ');
  const n = sweep ? `n = ${sweep.join(', ')} per class` : perClass ? `${perClass} per class` : 'all images';
  return `${who} · ${seeds} seed${seeds === 1 ? '' : 's'} · ${n}`;
}

export class EvaluateSession {
  private controller: AbortController | null = null;
  private readonly timings = new Map<string, StepTiming>();

  constructor(private readonly backend: EvaluateBackendInfo) {}

  get running(): boolean {
    return this.controller !== null;
  }

  private async prepare(req: EvaluateRequest, signal?: AbortSignal): Promise<Prepared> {
    const arms = [...new Set<Arm>(['real', ...req.arms])];
    const needsAugment = arms.includes('augmented') || arms.includes('both');
    const needsSynthetic = arms.includes('synthetic') || arms.includes('both');
    let generatorId: string | null = null;
    if (needsSynthetic) {
      generatorId = req.generatorId ?? (await defaultGenerator(req.datasetId));
      if (!generatorId) {
        throw new TrainingError('bad-config', 'This dataset has no synthetic images, so arms (c) and (d) cannot run. Generate some in the Generate tab, or leave those arms out.');
      }
    }
    const data = await loadExperimentData(req.datasetId, { maxValidation: req.maxValidation, generatorId });
    const notes = [...data.notes];
    let augment: ExperimentConfig['augment'];
    let pipeline: ReportPipeline | undefined;
    if (needsAugment) {
      const p = await loadPipeline(req.pipeline, data.meta.format.channels, notes);
      const pa = pipelineAugment(p);
      augment = pa.augment;
      notes.push(...pa.notes);
      pipeline = {
        name: p.name || p.id,
        id: p.id,
        steps: leaves(pa.pipeline.root).filter((n) => n.enabled !== false).map(describeNode),
        json: p,
      };
    }
    let generator: ReportGenerator | undefined;
    if (data.synthetic && data.generatorId) {
      const info = await generatorInfo(data.generatorId);
      generator = {
        name: info?.name ?? data.generatorId,
        ...(info?.model ? { kind: info.model } : {}),
        modelId: data.generatorId,
        ...(info?.step !== undefined ? { checkpointStep: info.step } : {}),
        ...(info?.quality ? { quality: { fcd: info.quality.fcd, precision: info.quality.precision, recall: info.quality.recall, k: info.quality.k, realCount: info.quality.realCount, generatedCount: info.quality.generatedCount } } : {}),
        syntheticImages: data.synthetic.shape[0],
      };
    }
    const config: ExperimentConfig = {
      classNames: data.classes,
      train: data.train,
      ...(data.validation ? { validation: data.validation } : {}),
      ...(augment ? { augment } : {}),
      ...(data.synthetic ? { synthetic: data.synthetic } : {}),
      arms,
      seeds: req.seeds,
      budget: req.budget,
      ...(req.batchSize ? { batchSize: req.batchSize } : {}),
      ...(req.perClass && !req.sweep ? { perClass: req.perClass } : {}),
      ...(req.syntheticPerReal ? { syntheticPerReal: req.syntheticPerReal } : {}),
      validationCurve: req.validationCurve ?? true,
      notes,
      ...(signal ? { signal } : {}),
    };
    return { data, config, ...(pipeline ? { pipeline } : {}), ...(generator ? { generator } : {}) };
  }

  private async estimateFor(p: Prepared, req: EvaluateRequest): Promise<EvaluateEstimate> {
    const plans = req.sweep ? planSweep(p.config, req.sweep) : [planExperiment(p.config)];
    const first = plans[0];
    const key = `${first.imageShape.join('x')}:${first.numClasses}:${first.batchSize}:${p.config.augment ? JSON.stringify(p.pipeline?.json) : '-'}`;
    let timing = this.timings.get(key);
    if (!timing) {
      timing = await measureStepTiming({ imageShape: first.imageShape, numClasses: first.numClasses, batchSize: first.batchSize, ...(p.config.augment ? { augment: p.config.augment } : {}) });
      this.timings.set(key, timing);
    }
    const seconds = plans.reduce((s, plan) => s + estimateSeconds(plan, timing, { validationCurve: p.config.validationCurve }), 0);
    return { plans, seconds, text: formatDuration(seconds), notes: [...(p.config.notes ?? [])], backend: this.backend.backend };
  }

  /** The plan and a time estimate from a step measured on this backend; nothing is trained for real. */
  async estimate(req: EvaluateRequest): Promise<EvaluateEstimate> {
    return this.estimateFor(await this.prepare(req), req);
  }

  cancel(): boolean {
    if (!this.controller) return false;
    this.controller.abort();
    return true;
  }

  async run(req: EvaluateRequest, onEvent: (e: EvaluateEvent) => void): Promise<ExperimentRecord> {
    if (this.controller) throw new TrainingError('bad-config', 'An experiment is already running: wait for it or cancel it.');
    const controller = new AbortController();
    this.controller = controller;
    const send = (e: EvaluateEvent) => {
      try {
        void Promise.resolve(onEvent(e)).catch(() => undefined);
      } catch {
        // The tab went away: the experiment still finishes and is saved.
      }
    };
    try {
      send({ type: 'phase', message: 'Reading images…' });
      const p = await this.prepare(req, controller.signal);
      send({ type: 'phase', message: 'Measuring a training step on this backend…' });
      send({ type: 'estimate', estimate: await this.estimateFor(p, req) });
      send({ type: 'phase', message: 'Training…' });
      const result = await this.drive(p, req, send);
      const createdAt = Date.now();
      const counts = p.data.classes.map((_, c) => {
        let n = 0;
        for (let i = 0; i < p.data.train.labels.length; i++) if (p.data.train.labels[i] === c) n++;
        if (p.data.validation) for (let i = 0; i < p.data.validation.labels.length; i++) if (p.data.validation.labels[i] === c) n++;
        return n;
      });
      const report = buildReport({
        dataset: { name: p.data.meta.name, format: p.data.meta.format, countsPerClass: counts, totalImages: counts.reduce((a, b) => a + b, 0) },
        result,
        ...(p.pipeline ? { pipeline: p.pipeline } : {}),
        ...(p.generator ? { generator: p.generator } : {}),
        createdAt: new Date(createdAt).toISOString(),
        appVersion: 'augment-studio',
      });
      const arms = ('points' in result ? result.points[0]?.plan.arms : result.plan.arms) ?? p.config.arms ?? ['real'];
      const record: ExperimentRecord = {
        id: newExperimentId(createdAt),
        datasetId: req.datasetId,
        datasetName: p.data.meta.name,
        createdAt,
        title: experimentTitle(arms, req.seeds.length, req.perClass, req.sweep),
        status: result.status,
        backend: this.backend.backend,
        report,
      };
      const finishedRuns = report.experiments.reduce((s, e) => s + e.runs.length, 0);
      if (finishedRuns > 0) await saveExperiment(record);
      return record;
    } finally {
      this.controller = null;
    }
  }

  private async drive(p: Prepared, req: EvaluateRequest, send: (e: EvaluateEvent) => void): Promise<ExperimentResult | SweepResult> {
    let last = 0;
    const forward = (event: Parameters<typeof send>[0] & { type: 'experiment' }) => {
      const ev = event.event;
      if (ev.type === 'progress') {
        const now = performance.now();
        const keep = ev.loss !== undefined || ev.validationAccuracy !== undefined || ev.step === ev.steps || now - last > 250;
        if (!keep) return;
        last = now;
      }
      send(event);
    };
    if (req.sweep) {
      const sizes = [...new Set(req.sweep)].sort((a, b) => a - b);
      for await (const e of runSweep(p.config, sizes)) {
        if (e.type === 'sweep') return e.result;
        if (e.event.type !== 'result') forward({ type: 'experiment', event: e.event, point: e.index, points: e.points, perClass: e.perClass });
      }
      throw new Error('The sweep ended without a result.');
    }
    for await (const e of runExperiment(p.config)) {
      if (e.type === 'result') return e.result;
      forward({ type: 'experiment', event: e, point: 0, points: 1, perClass: req.perClass });
    }
    throw new Error('The experiment ended without a result.');
  }
}
