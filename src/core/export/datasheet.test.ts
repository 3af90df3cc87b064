import { describe, expect, it } from 'vitest';
import { renderDatasheet, mdCode, mdText, type DatasheetInput } from './datasheet';
import { emptyCounts } from './manifest';
import { DEFAULT_EXPORT_OPTIONS } from './options';

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
