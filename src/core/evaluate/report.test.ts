import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperimentToEnd } from './experiment';
import { REPORT_SCHEMA, REPORT_VERSION, buildReport, parseReport, reportToHtml, reportToJson, type ReportInputs } from './report';
import { confusionCell } from './summarise';
import { sweepCurves } from './sweep';
import { arrows, paint, randomFlip, tinyDense } from './testing';
import type { ExperimentResult } from './types';

const EVIL_CLASS = '<img src=x onerror=alert(1)>';
const QUOTED_CLASS = `a & "b" 'c'`;
let result: ExperimentResult;

beforeAll(async () => {
  await tf.setBackend('cpu');
  result = await runExperimentToEnd({
    classNames: [EVIL_CLASS, QUOTED_CLASS],
    train: paint(arrows, 8, 30),
    validation: paint(arrows, 5, 31),
    augment: randomFlip(1),
    seeds: [1, 2],
    budget: { steps: 3 },
    batchSize: 4,
    buildModel: tinyDense,
    validationCurve: false,
  });
});

function inputs(): ReportInputs {
  return {
    dataset: { name: 'Cats <&> "Dogs"', format: { size: 8, channels: 1, fit: 'letterbox', background: '#000000' }, countsPerClass: [13, 13], totalImages: 26 },
    pipeline: { name: 'Flips', id: 'p1', steps: ['VerticalFlip (p 0.5)'], json: { version: 1, note: '</pre><script>alert(1)</script>' } },
    generator: { name: 'DCGAN <demo>', kind: 'gan', modelId: 'm-1', checkpointStep: 500, quality: { fcd: 12.3456, precision: 0.71, recall: 0.42, k: 3, realCount: 1000, generatedCount: 1000 } },
    result,
    createdAt: '2025-01-02T03:04:05.000Z',
    appVersion: '0.1.0',
  };
}

describe('report JSON', () => {
  it('is schema-versioned and round-trips through parseReport', () => {
    const report = buildReport(inputs());
    expect(report.schema).toBe(REPORT_SCHEMA);
    expect(report.version).toBe(REPORT_VERSION);
    expect(report.experiments).toHaveLength(1);
    expect(report.experiments[0].runs).toHaveLength(4);
    const text = reportToJson(report);
    const back = parseReport(text);
    expect(back).toEqual(JSON.parse(JSON.stringify(report)));
    expect(back.experiments[0].verdicts[0].text).toBe(result.verdicts[0].text);
    expect(back.experiments[0].runs[0].predictions).toEqual(result.runs[0].predictions);
    expect(back.conventions.macroF1).toMatch(/absent from both the truth and the predictions are excluded/);
  });

  it('rejects files that are not a version-1 report, saying why', () => {
    expect(() => parseReport('{nope')).toThrow(/not valid JSON/);
    expect(() => parseReport('{"schema":"other"}')).toThrow(/not an Augment Studio Evaluate report/);
    expect(() => parseReport(JSON.stringify({ schema: REPORT_SCHEMA, version: 2 }))).toThrow(/version 2; this app reads version 1/);
    expect(() => parseReport(JSON.stringify({ schema: REPORT_SCHEMA, version: 1 }))).toThrow(/incomplete/);
  });
});

describe('report HTML', () => {
  it('is a standalone page with every section, all user text escaped', () => {
    const html = reportToHtml(buildReport(inputs()));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Escaped, never raw.
    expect(html).toContain('Cats &lt;&amp;&gt; &quot;Dogs&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &amp; &quot;b&quot; &#39;c&#39;');
    expect(html).toContain('DCGAN &lt;demo&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(EVIL_CLASS);
    expect(html).not.toMatch(/<script/i);
    // Standalone: nothing loaded from anywhere.
    // Every '<' opens a well-formed tag (user text cannot open one), and no tag loads or runs anything.
    const tag = /<\/?([a-z][a-z0-9]*)((?:\s+[a-z:-]+(?:="[^"<]*")?)*)\s*\/?>|<!doctype html>/gi;
    expect(html.replace(tag, '')).not.toContain('<');
    const attributes = [...html.matchAll(tag)].flatMap((m) => [...(m[2] ?? '').matchAll(/\s([a-z:-]+)(?:="[^"]*")?/gi)].map((a) => a[1].toLowerCase()));
    expect(attributes.length).toBeGreaterThan(10);
    expect(attributes.filter((a) => a === 'src' || a === 'href' || a.startsWith('on'))).toEqual([]);
    // Content.
    expect(html).toContain('FCD (Fréchet classifier distance; lower is closer; not FID)');
    expect(html).toContain('<td>12.35</td>');
    expect(html).toContain('VerticalFlip (p 0.5)');
    for (const v of result.verdicts) expect(html).toContain(v.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    for (const a of result.arms) expect(html).toContain(`<th scope="row">${a.label}</th>`);
    expect(html).toContain('Rows are the true class, columns the predicted class');
  });

  it('writes each arm’s summed confusion matrix, row by row', () => {
    const html = reportToHtml(buildReport(inputs()));
    const tables = [...html.matchAll(/<table class="confusion">([^]*?)<\/table>/g)].map((m) => m[1]);
    expect(tables).toHaveLength(2);
    tables.forEach((t, i) => {
      const cells = [...t.matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
      expect(cells).toEqual(result.arms[i].confusion.flat());
      expect(cells.reduce((a, b) => a + b, 0)).toBe(2 * 10); // 2 seeds × 10 validation images
    });
  });

  it('each confusion cell lists the validation images behind it', () => {
    for (const arm of result.arms) {
      arm.confusion.forEach((row, t) =>
        row.forEach((n, p) => {
          const members = confusionCell(result, arm.arm, t, p);
          expect(members).toHaveLength(n);
          for (const m of members) {
            expect(result.validation.labels[result.validation.indices.indexOf(m.index)]).toBe(t);
            expect(m.id).toBe(result.validation.ids![m.index]);
          }
        }),
      );
    }
  });

  it('a sweep report has the accuracy-vs-n table and chart, and one section per n', () => {
    const points = [5, 10].map((n) => ({ ...result, plan: { ...result.plan, perClass: n } }));
    const sweep = { status: 'complete' as const, perClass: [5, 10], points, curves: sweepCurves(points) };
    const report = buildReport({ ...inputs(), result: sweep });
    expect(report.experiments).toHaveLength(2);
    expect(report.sweep!.perClass).toEqual([5, 10]);
    const html = reportToHtml(report);
    expect(html).toContain('Accuracy against training images per class');
    expect(html.match(/<polyline /g)).toHaveLength(2);
    expect(html).toContain('<h2>5 real training images per class</h2>');
    expect(html).toContain('<h2>10 real training images per class</h2>');
    expect(parseReport(reportToJson(report)).sweep!.curves).toHaveLength(2);
  });
});
