/**
 * README.md inside the zip: a short datasheet (what is in it, how it was made, what to watch
 * out for) and how to load it in PyTorch, Keras and Hugging Face datasets, for its layout.
 */
import { SPLITS, type SampleKind, type Split, type WorkingFormat } from '../dataset/types';
import { formatMeanStd, type MeanStd } from '../evaluate/significance';
import type { ExperimentReportInfo } from './experiment-report';
import { LABELS_CSV_PATH, MANIFEST_CSV_PATH, MANIFEST_JSON_PATH } from './layout';
import type { CountTable } from './manifest';
import type { ExportOptions } from './options';
import type { ClassFolder } from './sanitise';

export interface DatasheetInput {
  datasetName: string;
  toolName: string;
  toolVersion: string;
  /** ISO 8601. */
  createdAt: string;
  options: ExportOptions;
  workingFormat: WorkingFormat;
  /** Classes with images, in class-index order or not (sorted here). */
  classes: readonly ClassFolder[];
  counts: CountTable;
  warnings: readonly string[];
  /** Splits holding at least one image. */
  splits: readonly Split[];
  /** Extensions of the image files, e.g. ['.png']. */
  extensions: readonly string[];
  /** Other files in the zip (pipeline.json, models…), described in a list. */
  extraFiles: readonly string[];
  /** Derived images left out because their source is in val/test. */
  excludedDerived: number;
  /** Splits where some class has no image (ImageFolder layouts then hold an empty folder for it). */
  splitsWithEmptyClasses: readonly Split[];
  /** The latest Evaluate experiment, when its report files are in the zip. */
  experimentReport?: ExperimentReportInfo | null;
}

const KINDS: readonly SampleKind[] = ['original', 'augmented', 'synthetic'];
const HF_SPLIT: Record<Split, string> = { train: 'train', val: 'validation', test: 'test' };
// What keras.utils.image_dataset_from_directory reads; other files in class folders are skipped silently.
const KERAS_EXTENSIONS = new Set(['.jpeg', '.jpg', '.png', '.bmp', '.gif']);

/** Text safe in a markdown table cell or line. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** Inline code that survives backticks inside. */
export function mdCode(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/** A Python string literal (JSON's escapes are valid Python). */
const py = (s: string) => JSON.stringify(s);
const pyList = (xs: readonly string[]) => `[${xs.map(py).join(', ')}]`;

function countsSection(input: DatasheetInput): string {
  const kinds = KINDS.filter((k) => Object.values(input.counts).some((c) => SPLITS.some((s) => c[s][k] > 0)));
  const cols = input.splits.flatMap((s) => kinds.map((k) => ({ s, k })));
  const byIndex = [...input.classes].sort((a, b) => a.index - b.index);
  const header = ['Class', 'Folder', 'Index', ...cols.map(({ s, k }) => `${s} ${k}`), 'Total'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  const totals = cols.map(() => 0);
  for (const c of byIndex) {
    const row = input.counts[c.label];
    const nums = cols.map(({ s, k }) => row?.[s][k] ?? 0);
    nums.forEach((n, i) => (totals[i] += n));
    lines.push(`| ${c.label === '' ? '(unlabeled)' : mdText(c.label)} | ${mdCode(c.folder)} | ${c.index} | ${nums.join(' | ')} | ${nums.reduce((a, b) => a + b, 0)} |`);
  }
  lines.push(`| **All** | | | ${totals.join(' | ')} | ${totals.reduce((a, b) => a + b, 0)} |`);
  return lines.join('\n');
}

function settingsSection(input: DatasheetInput): string {
  const o = input.options;
  const f = input.workingFormat;
  const r = o.split.ratios;
  const lines = [
    `- Layout: \`${o.layout}\``,
    o.split.mode === 'keep'
      ? `- Split: the split that came with the data; images without one split by train/val/test ${r.train}/${r.val}/${r.test}, stratified by class, seed ${o.split.seed}`
      : `- Split: train/val/test ${r.train}/${r.val}/${r.test}, stratified by class, over source images, seed ${o.split.seed}`,
    o.split.derivedInAllSplits
      ? '- Augmented/synthetic images follow their source image into every split (val/test included)'
      : `- Augmented/synthetic images only in train (their source's split)${input.excludedDerived > 0 ? `; ${input.excludedDerived} whose source is in val/test were left out` : ''}`,
    `- Images: ${o.originals === 'original-bytes' ? 'originals as their original files, untouched; ' : 'originals re-encoded at the working resolution; '}generated images as ${o.image.format.toUpperCase()}${o.image.format === 'png' ? ' (lossless)' : ` at quality ${o.image.quality}`}`,
    `- Working resolution: ${f.size}×${f.size}, ${f.channels === 1 ? 'greyscale' : 'RGB'}, ${f.fit === 'letterbox' ? `letterboxed on ${f.background}` : 'centre-cropped'}`,
    `- Included kinds: ${KINDS.filter((k) => o.include[k]).join(', ')}`,
  ];
  return lines.join('\n');
}

function loadingSection(input: DatasheetInput): string {
  const size = input.workingFormat.size;
  const grey = input.workingFormat.channels === 1;
  const folders = [...input.classes].sort((a, b) => a.index - b.index);
  const out: string[] = [];
  const dataDir = 'DATA_DIR = "path/to/this/folder"  # where this zip was extracted';
  if (input.options.layout === 'flat-csv') {
    out.push(
      '### PyTorch',
      '```python',
      'import pandas as pd, torch',
      'from PIL import Image',
      'from torchvision import transforms',
      dataDir,
      `df = pd.read_csv(f"{DATA_DIR}/${LABELS_CSV_PATH}", dtype=str, keep_default_na=False)`,
      `classes = ${pyList(folders.map((c) => c.label))}`,
      'class CsvImages(torch.utils.data.Dataset):',
      '    def __init__(self, split, transform):',
      '        self.rows, self.transform = df[df.split == split].reset_index(drop=True), transform',
      '    def __len__(self):',
      '        return len(self.rows)',
      '    def __getitem__(self, i):',
      '        r = self.rows.iloc[i]',
      `        image = Image.open(f"{DATA_DIR}/{r.path}").convert(${grey ? '"L"' : '"RGB"'})`,
      '        return self.transform(image), classes.index(r.label)',
      'train = CsvImages("train", transforms.ToTensor())',
      '```',
      '### Keras / TensorFlow',
      '```python',
      'import pandas as pd, tensorflow as tf',
      dataDir,
      `df = pd.read_csv(f"{DATA_DIR}/${LABELS_CSV_PATH}", dtype=str, keep_default_na=False)`,
      `classes = ${pyList(folders.map((c) => c.label))}`,
      'def split(name):',
      '    rows = df[df.split == name]',
      '    ds = tf.data.Dataset.from_tensor_slices((DATA_DIR + "/" + rows.path, rows.label.map(classes.index)))',
      `    return ds.map(lambda p, y: (tf.image.resize(tf.image.decode_image(tf.io.read_file(p), channels=${grey ? 1 : 3}, expand_animations=False), (${size}, ${size})), y))`,
      'train = split("train").batch(32)',
      '```',
      '### Hugging Face datasets',
      '```python',
      'from datasets import load_dataset, Image, ClassLabel',
      dataDir,
      `ds = load_dataset("csv", data_files=f"{DATA_DIR}/${LABELS_CSV_PATH}", keep_default_na=False)["train"]`,
      'ds = ds.map(lambda r: {"image": f"{DATA_DIR}/{r[\'path\']}"}).cast_column("image", Image())',
      `ds = ds.cast_column("label", ClassLabel(names=${pyList(folders.map((c) => c.label))}))`,
      'train = ds.filter(lambda r: r["split"] == "train")',
      '```',
    );
    return out.join('\n');
  }
  const allowEmpty = input.splitsWithEmptyClasses.length > 0;
  out.push(
    '### PyTorch (torchvision)',
    '```python',
    'from torchvision import datasets, transforms',
    dataDir,
    `tf = transforms.Compose([${grey ? 'transforms.Grayscale(), ' : ''}transforms.ToTensor()])`,
    ...input.splits.map((s) => `${s} = datasets.ImageFolder(f"{DATA_DIR}/${s}", transform=tf${allowEmpty ? ', allow_empty=True' : ''})`),
    `# ${input.splits[0] ?? 'train'}.classes == ${pyList(folders.map((c) => c.folder))}`,
    '```',
  );
  if (allowEmpty) {
    out.push(
      `Some classes have no images in ${input.splitsWithEmptyClasses.join(', ')}: their folders are there but empty, so every split has the same class indices. ` +
        '`allow_empty=True` needs torchvision 0.17 or later.',
    );
  }
  out.push(
    '### Keras',
    '```python',
    'import keras',
    dataDir,
    `class_names = ${pyList(folders.map((c) => c.folder))}`,
    ...input.splits.map(
      (s) =>
        `${s} = keras.utils.image_dataset_from_directory(f"{DATA_DIR}/${s}", class_names=class_names, ` +
        `color_mode=${grey ? '"grayscale"' : '"rgb"'}, image_size=(${size}, ${size}), batch_size=32, seed=0)`,
    ),
    '```',
  );
  const unreadable = input.extensions.filter((e) => !KERAS_EXTENSIONS.has(e));
  if (unreadable.length > 0) {
    out.push(`Keras' \`image_dataset_from_directory\` reads only JPEG, PNG, BMP and GIF: it skips the ${unreadable.join(', ')} files here.`);
  }
  out.push('### Hugging Face datasets', '```python', 'from datasets import load_dataset, ClassLabel', dataDir);
  out.push(`ds = load_dataset("imagefolder", data_dir=DATA_DIR)  # splits: ${input.splits.map((s) => HF_SPLIT[s]).join(', ')}`);
  if (input.options.layout === 'hf-imagefolder') {
    out.push(
      '# each split\'s metadata.csv gives file_name and the class name as "label" (a string): make it a ClassLabel',
      `ds = ds.cast_column("label", ClassLabel(names=${pyList(folders.map((c) => c.label))}))`,
    );
  } else {
    out.push('# labels come from the folder names, as a ClassLabel in the order above');
  }
  out.push('```');
  return out.join('\n');
}

function extraFileNote(path: string, x: ExperimentReportInfo | null | undefined): string {
  if (x && path === x.json) return ': the latest Evaluate experiment report (JSON, schema `augment-studio/evaluate-report`)';
  if (x && path === x.html) return ': the same report as a standalone web page';
  return '';
}

function accuracyText(s: MeanStd | undefined): string {
  return !s || s.n === 0 || !Number.isFinite(s.mean) ? '–' : formatMeanStd(s);
}

/** The latest Evaluate experiment in a few lines: accuracy per arm, the verdicts, and where the full report is. */
export function experimentSection(x: ExperimentReportInfo): string {
  const lines = [
    `The latest Evaluate experiment on this dataset, “${mdText(x.title)}” (${x.createdAt}): the same small classifier trained on each arm ` +
      'with the same seeds and budget, scored on real validation images that were never trained on.',
  ];
  if (x.status === 'cancelled') lines.push('', 'It was cancelled: the numbers cover the runs that finished.');
  lines.push('');
  const arms = [...new Map(x.points.flatMap((p) => p.arms.map((a) => [a.arm, a.label] as const))).entries()];
  if (x.points.length === 1) {
    const p = x.points[0];
    lines.push(
      `Validation accuracy, mean ± standard deviation over ${p.seeds} seed${p.seeds === 1 ? '' : 's'} (percentage points)${p.perClass !== null ? `, ${p.perClass} real training images per class` : ''}:`,
      '',
      '| Arm | Accuracy |',
      '|---|---|',
      ...p.arms.map((a) => `| ${mdText(a.label)} | ${accuracyText(a.accuracy)} |`),
    );
  } else {
    lines.push(
      'Validation accuracy, mean ± standard deviation over seeds (percentage points), by real training images per class:',
      '',
      `| Arm | ${x.points.map((p) => (p.perClass === null ? 'all' : `${p.perClass}/class`)).join(' | ')} |`,
      `|---|${x.points.map(() => '---').join('|')}|`,
      ...arms.map(([arm, label]) => `| ${mdText(label)} | ${x.points.map((p) => accuracyText(p.arms.find((a) => a.arm === arm)?.accuracy)).join(' | ')} |`),
    );
  }
  lines.push('');
  if (x.verdicts.length > 0) {
    lines.push(`Verdict${x.verdicts.length > 1 ? 's' : ''}${x.points.length > 1 ? ' at the largest n' : ''}:`, '', ...x.verdicts.map((v) => `- ${mdText(v)}`));
  } else {
    lines.push('Only real data was trained: there is no verdict to give.');
  }
  lines.push(
    '',
    `The full report, with every run, per-class accuracy and confusion matrices: ${mdCode(x.html)} (open it in a browser) and ${mdCode(x.json)}. ` +
      "The experiment chose its own validation images (the data's val/test split or a seeded hold-out), not this export's split.",
  );
  return lines.join('\n');
}

export function renderDatasheet(input: DatasheetInput): string {
  const renamed = input.classes.filter((c) => c.label !== '' && c.folder !== c.label.normalize('NFC'));
  const parts = [
    `# ${mdText(input.datasetName)}`,
    '',
    `Exported by ${mdText(input.toolName)} ${mdText(input.toolVersion)} on ${input.createdAt}.`,
    '',
    '## Contents',
    '',
    countsSection(input),
    '',
    '## Settings',
    '',
    settingsSection(input),
    '',
    '## Files',
    '',
    `- \`${MANIFEST_JSON_PATH}\` and \`${MANIFEST_CSV_PATH}\`: one row per image file: path, label, split, kind, source image and file name, content hash, and what made it (augment pipeline, seed, variant and per-sample plan; or generator model, checkpoint step and seed).`,
    ...(input.options.layout === 'hf-imagefolder' ? ['- `<split>/metadata.csv`: `file_name,label` for Hugging Face `imagefolder`.'] : []),
    ...(input.options.layout === 'flat-csv' ? [`- \`${LABELS_CSV_PATH}\`: \`path,label,split\`.`] : []),
    ...input.extraFiles.map((p) => `- ${mdCode(p)}${extraFileNote(p, input.experimentReport)}`),
  ];
  if (input.experimentReport) parts.push('', '## Evaluate experiment', '', experimentSection(input.experimentReport));
  if (renamed.length > 0) {
    parts.push('', '## Class folders', '', 'Some class names were changed to be safe as folder names:', '');
    for (const c of renamed) parts.push(`- ${mdCode(c.folder)} ← ${mdText(c.label)}`);
  }
  if (input.warnings.length > 0) {
    parts.push('', '## Warnings', '');
    for (const w of input.warnings) parts.push(`- ${mdText(w)}`);
  }
  parts.push('', '## How to load', '', loadingSection(input), '');
  return parts.join('\n');
}
