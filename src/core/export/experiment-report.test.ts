import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA, buildReport, parseReport, reportToHtml, reportToJson, type EvaluateReport } from '../evaluate/report';
import { EXPERIMENT_REPORT_HTML_PATH, EXPERIMENT_REPORT_JSON_PATH, experimentReportExtras } from './experiment-report';
import { DEFAULT_EXPORT_OPTIONS } from './options';
import { planExport, type TextEntry } from './plan-export';
import { dataset, handExperiment, originals, savedExperiment } from './test-fixtures';

describe('experimentReportExtras', () => {
  it('adds nothing when no experiment is saved, when turned off, or when the experiment is another dataset’s', () => {
    const none = { files: [], info: null, warnings: [] };
    expect(experimentReportExtras(undefined, { include: true, datasetId: 'ds' })).toEqual(none);
    expect(experimentReportExtras(null, { include: true, datasetId: 'ds' })).toEqual(none);
    expect(experimentReportExtras(savedExperiment(), { include: false, datasetId: 'ds' })).toEqual(none);
    expect(experimentReportExtras(savedExperiment(), { include: true, datasetId: 'other' })).toEqual(none);
  });

  it('writes reports/experiment.json and .html with the existing renderers, and describes the experiment', () => {
    const saved = savedExperiment();
    const x = experimentReportExtras(saved, { include: true, datasetId: 'ds' });
    expect(x.warnings).toEqual([]);
    expect(x.files.map((f) => f.path)).toEqual(['reports/experiment.json', 'reports/experiment.html']);
    expect(x.files[0].data).toBe(reportToJson(saved.report));
    expect(x.files[1].data).toBe(reportToHtml(saved.report));
    const back = parseReport(x.files[0].data as string);
    expect(back.experiments[0].arms.map((a) => a.label)).toEqual(['Real only', 'Real + augmentation']);
    expect(x.files[1].data).toMatch(/^<!doctype html>/);

    const info = x.info!;
    expect(info.id).toBe('experiment:1714979290000-abc123');
    expect(info.createdAt).toBe('2024-05-06T07:08:10.000Z');
    expect(info.status).toBe('complete');
    expect([info.json, info.html]).toEqual([EXPERIMENT_REPORT_JSON_PATH, EXPERIMENT_REPORT_HTML_PATH]);
    expect(info.points).toHaveLength(1);
    expect(info.points[0].perClass).toBe(10);
    expect(info.points[0].seeds).toBe(2);
    const [real, aug] = info.points[0].arms;
    expect(real.arm).toBe('real');
    expect(real.accuracy.mean).toBeCloseTo(0.72, 12);
    expect(real.accuracy.std).toBeCloseTo(Math.SQRT2 * 0.02, 12); // deviations ±0.02, n - 1 = 1
    expect(aug.accuracy.mean).toBeCloseTo(0.81, 12);
    expect(info.verdicts).toHaveLength(1);
    expect(info.verdicts[0]).toMatch(/^(Augmentation raised accuracy|No significant difference)/);
    expect(info.verdicts[0]).toContain('Only 2 seeds');
  });

  it('summarises every point of a sweep, with the last point’s verdicts', () => {
    const report: EvaluateReport = {
      ...buildReport({ dataset: { name: 'Test set' }, result: handExperiment({ real: [0.5, 0.6], augmented: [0.55, 0.7] }, 5) }),
      experiments: [handExperiment({ real: [0.5, 0.6], augmented: [0.55, 0.7] }, 5), handExperiment({ real: [0.7, 0.74], augmented: [0.8, 0.82] }, 20)],
    };
    const info = experimentReportExtras(savedExperiment({}, report), { include: true, datasetId: 'ds' }).info!;
    expect(info.points.map((p) => p.perClass)).toEqual([5, 20]);
    expect(info.points[0].arms[1].accuracy.mean).toBeCloseTo(0.625, 12);
    expect(info.verdicts).toEqual([report.experiments[1].verdicts[0].text]);
  });

  it('leaves an unreadable report out with a warning', () => {
    const bad = savedExperiment({ title: 'Old one' }, { schema: REPORT_SCHEMA, version: 2 } as unknown as EvaluateReport);
    const x = experimentReportExtras(bad, { include: true, datasetId: 'ds' });
    expect(x.files).toEqual([]);
    expect(x.info).toBeNull();
    expect(x.warnings).toEqual(['The latest Evaluate experiment (“Old one”) could not be read, so its report is not in the zip.']);
    const empty = savedExperiment({}, { ...savedExperiment().report, experiments: [] });
    expect(experimentReportExtras(empty, { include: true, datasetId: 'ds' }).files).toEqual([]);
  });
});

describe('planExport with the experiment report', () => {
  const records = [...originals('cat', 5), ...originals('dog', 5)];
  const text = (plan: ReturnType<typeof planExport>, path: string) => [...(plan.entries.find((e) => e.path === path) as TextEntry).chunks()].join('');

  it('puts the files in the zip, records them in manifest.json and summarises them in README.md', () => {
    const x = experimentReportExtras(savedExperiment(), { include: true, datasetId: 'ds' });
    const plan = planExport(records, DEFAULT_EXPORT_OPTIONS, { dataset: dataset(['cat', 'dog']), toolVersion: '0.1.0', createdAt: 0, extras: x.files, experimentReport: x.info });
    const paths = plan.entries.map((e) => e.path);
    expect(paths).toContain('reports/experiment.json');
    expect(paths).toContain('reports/experiment.html');
    expect(JSON.parse(text(plan, 'reports/experiment.json')).schema).toBe(REPORT_SCHEMA);
    const manifest = JSON.parse(text(plan, 'manifest.json'));
    expect(manifest.experimentReport).toEqual({
      id: 'experiment:1714979290000-abc123',
      createdAt: '2024-05-06T07:08:10.000Z',
      title: 'Real vs augmentation · 2 seeds · 10/class',
      status: 'complete',
      json: 'reports/experiment.json',
      html: 'reports/experiment.html',
    });
    expect(manifest.files).toHaveLength(10);
    const readme = text(plan, 'README.md');
    expect(readme).toContain('## Evaluate experiment');
    expect(readme).toContain('| Real only | 72.0% ± 2.8 |');
    expect(readme).toContain('| Real + augmentation | 81.0% ± 1.4 |');
  });

  it('changes nothing when there is no report', () => {
    const x = experimentReportExtras(undefined, { include: true, datasetId: 'ds' });
    const plan = planExport(records, DEFAULT_EXPORT_OPTIONS, { dataset: dataset(['cat', 'dog']), toolVersion: '0.1.0', createdAt: 0, extras: x.files, experimentReport: x.info });
    const bare = planExport(records, DEFAULT_EXPORT_OPTIONS, { dataset: dataset(['cat', 'dog']), toolVersion: '0.1.0', createdAt: 0 });
    expect(plan.entries.map((e) => e.path)).toEqual(bare.entries.map((e) => e.path));
    expect(text(plan, 'manifest.json')).toBe(text(bare, 'manifest.json'));
    expect(text(plan, 'README.md')).toBe(text(bare, 'README.md'));
    expect(text(plan, 'README.md')).not.toContain('Evaluate');
    expect('experimentReport' in JSON.parse(text(plan, 'manifest.json'))).toBe(false);
  });
});
