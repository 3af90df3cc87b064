import { describe, expect, it } from 'vitest';
import { buildReport } from '../evaluate/report';
import { renderDatasheet, mdCode, mdText, type DatasheetInput } from './datasheet';
import { experimentReportExtras, type ExperimentReportInfo } from './experiment-report';
import { emptyCounts } from './manifest';
import { DEFAULT_EXPORT_OPTIONS } from './options';
import { handExperiment, savedExperiment } from './test-fixtures';

function input(p: Partial<DatasheetInput> = {}): DatasheetInput {
  const cat = emptyCounts();
  cat.train.original = 8;
  cat.train.augmented = 16;
  cat.val.original = 1;
  cat.test.original = 1;
  const dog = emptyCounts();
  dog.train.original = 4;
  dog.test.original = 1;
  return {
    datasetName: 'Pets',
    toolName: 'Augment Studio',
    toolVersion: '0.1.0',
    createdAt: '2024-05-06T07:08:10.000Z',
    options: DEFAULT_EXPORT_OPTIONS,
    workingFormat: { size: 28, channels: 1, fit: 'letterbox', background: '#000000' },
    classes: [
      { label: 'dog|wolf', folder: 'dog_wolf', index: 1 },
      { label: 'cat', folder: 'cat', index: 0 },
    ],
    counts: { cat, 'dog|wolf': dog },
    warnings: ['Class “dog|wolf” (5 source image(s)) has none in val.'],
    splits: ['train', 'val', 'test'],
    extensions: ['.png'],
    extraFiles: ['pipeline.json'],
    excludedDerived: 3,
    splitsWithEmptyClasses: ['val'],
    ...p,
  };
}

describe('renderDatasheet', () => {
  const md = renderDatasheet(input());

  it('has the counts per class × split × kind, kinds with no image left out, rows in class-index order', () => {
    expect(md).toContain('| Class | Folder | Index | train original | train augmented | val original | val augmented | test original | test augmented | Total |');
    expect(md).not.toContain('synthetic |');
    expect(md).toContain('| cat | `cat` | 0 | 8 | 16 | 1 | 0 | 1 | 0 | 26 |');
    expect(md).toContain('| dog\\|wolf | `dog_wolf` | 1 | 4 | 0 | 0 | 0 | 1 | 0 | 5 |');
    expect(md).toContain('| **All** | | | 12 | 16 | 1 | 0 | 2 | 0 | 31 |');
    expect(md.indexOf('| cat |')).toBeLessThan(md.indexOf('| dog'));
  });

  it('states version, date, settings, renamed folders and warnings', () => {
    expect(md).toContain('Augment Studio 0.1.0 on 2024-05-06T07:08:10.000Z');
    expect(md).toContain('train/val/test 0.8/0.1/0.1, stratified by class, over source images, seed 0');
    expect(md).toContain('3 whose source is in val/test were left out');
    expect(md).toContain('28×28, greyscale');
    expect(md).toContain('- `dog_wolf` ← dog\\|wolf');
    expect(md).toContain('## Warnings');
    expect(md).toContain('- `pipeline.json`');
  });

  it('shows how to load it in PyTorch, Keras and Hugging Face for the layout', () => {
    expect(md).toContain('transforms.Grayscale()');
    expect(md).toContain('val = datasets.ImageFolder(f"{DATA_DIR}/val", transform=tf, allow_empty=True)');
    expect(md).toContain('class_names = ["cat", "dog_wolf"]');
    expect(md).toContain('color_mode="grayscale", image_size=(28, 28)');
    expect(md).toContain('ds = load_dataset("imagefolder", data_dir=DATA_DIR)  # splits: train, validation, test');

    const hf = renderDatasheet(input({ options: { ...DEFAULT_EXPORT_OPTIONS, layout: 'hf-imagefolder' }, splitsWithEmptyClasses: [] }));
    expect(hf).toContain('ds = ds.cast_column("label", ClassLabel(names=["cat", "dog|wolf"]))');
    expect(hf).not.toContain('allow_empty');

    const flat = renderDatasheet(input({ options: { ...DEFAULT_EXPORT_OPTIONS, layout: 'flat-csv' } }));
    expect(flat).toContain('pd.read_csv(f"{DATA_DIR}/labels.csv", dtype=str, keep_default_na=False)');
    expect(flat).not.toContain('ImageFolder');
  });

  it("warns that Keras skips WebP", () => {
    expect(renderDatasheet(input({ extensions: ['.webp', '.png'] }))).toContain('it skips the .webp files here');
    expect(md).not.toContain('skips the');
  });

  it('escapes markdown', () => {
    expect(mdText('a|b *c* <d> `e`\nf')).toBe('a\\|b \\*c\\* \\<d\\> \\`e\\` f');
    expect(mdCode('x`y')).toBe('`` x`y ``');
  });
});

describe('renderDatasheet: the latest Evaluate experiment', () => {
  const info = (saved = savedExperiment()): ExperimentReportInfo => experimentReportExtras(saved, { include: true, datasetId: 'ds' }).info!;
  const withReport = (x: ExperimentReportInfo) =>
    renderDatasheet(input({ extraFiles: ['pipeline.json', 'reports/experiment.json', 'reports/experiment.html'], experimentReport: x }));

  it('summarises arms, accuracy ± std per arm and the verdict, and points to the files', () => {
    const x = info();
    const md = withReport(x);
    const section = md.slice(md.indexOf('## Evaluate experiment'), md.indexOf('## Class folders'));
    expect(section).toContain('“Real vs augmentation · 2 seeds · 10/class” (2024-05-06T07:08:10.000Z)');
    expect(section).toContain('mean ± standard deviation over 2 seeds (percentage points), 10 real training images per class:');
    // real 0.70/0.74: mean 72.0 %, sd √(2·0.02²) = 2.83 points; augmented 0.80/0.82: 81.0 %, sd 1.41 points.
    expect(section).toContain('| Arm | Accuracy |\n|---|---|\n| Real only | 72.0% ± 2.8 |\n| Real + augmentation | 81.0% ± 1.4 |');
    expect(section).toContain(`Verdict:\n\n- ${mdText(x.verdicts[0])}`);
    expect(section).toContain('`reports/experiment.html` (open it in a browser) and `reports/experiment.json`');
    expect(section).not.toContain('cancelled');
    // The Files list says what the two files are.
    expect(md).toContain('- `reports/experiment.json`: the latest Evaluate experiment report (JSON');
    expect(md).toContain('- `reports/experiment.html`: the same report as a standalone web page');
    expect(md).toContain('- `pipeline.json`\n');
  });

  it('has no section without a report', () => {
    expect(renderDatasheet(input())).not.toContain('Evaluate');
    expect(renderDatasheet(input({ experimentReport: null }))).not.toContain('Evaluate');
  });

  it('says when only real data was trained, when it was cancelled, and escapes the title', () => {
    const realOnly = savedExperiment(
      { title: 'Real *only* | 1 seed', status: 'cancelled' },
      buildReport({ dataset: { name: 'x' }, result: handExperiment({ real: [0.6] }, null) }),
    );
    const md = withReport(info(realOnly));
    expect(md).toContain('“Real \\*only\\* \\| 1 seed”');
    expect(md).toContain('It was cancelled: the numbers cover the runs that finished.');
    expect(md).toContain('over 1 seed (percentage points):');
    expect(md).toContain('| Real only | 60.0% |'); // one seed: no standard deviation
    expect(md).toContain('Only real data was trained: there is no verdict to give.');
  });

  it('shows a sweep as accuracy per arm × images per class, with the verdict at the largest n', () => {
    const small = handExperiment({ real: [0.5, 0.6], augmented: [0.55, 0.7] }, 5);
    const large = handExperiment({ real: [0.7, 0.74], augmented: [0.8, 0.82] }, 20);
    const report = { ...buildReport({ dataset: { name: 'x' }, result: small }), experiments: [small, large] };
    const md = withReport(info(savedExperiment({}, report)));
    expect(md).toContain('| Arm | 5/class | 20/class |\n|---|---|---|');
    // 5/class: real 0.5/0.6 → 55.0 ± 7.1; augmented 0.55/0.7 → 62.5 ± 10.6.
    expect(md).toContain('| Real only | 55.0% ± 7.1 | 72.0% ± 2.8 |');
    expect(md).toContain('| Real + augmentation | 62.5% ± 10.6 | 81.0% ± 1.4 |');
    expect(md).toContain(`Verdict at the largest n:\n\n- ${mdText(large.verdicts[0].text)}`);
  });
});
