import { describe, expect, it } from 'vitest';
import { hfFileName, hfMetadataPath, imageDir, layoutIndexPaths, looksLikeHfSplit, reservedPaths } from './layout';
import { DEFAULT_EXPORT_OPTIONS } from './options';
import { planExport } from './plan-export';
import { dataset, record } from './test-fixtures';

describe('layout paths', () => {
  it('image folders per layout', () => {
    expect(imageDir('imagefolder', 'val', 'cat')).toBe('val/cat');
    expect(imageDir('hf-imagefolder', 'test', '猫')).toBe('test/猫');
    expect(imageDir('flat-csv', 'train', 'cat')).toBe('images');
  });

  it('HF metadata sits in the split folder and names files relative to it', () => {
    expect(hfMetadataPath('val')).toBe('val/metadata.csv');
    expect(hfFileName('val/cat/1.png', 'val')).toBe('cat/1.png');
    expect(() => hfFileName('train/cat/1.png', 'val')).toThrow();
  });

  it('index and reserved files', () => {
    expect(layoutIndexPaths('hf-imagefolder', ['train', 'test'])).toEqual(['train/metadata.csv', 'test/metadata.csv']);
    expect(layoutIndexPaths('flat-csv', ['train'])).toEqual(['labels.csv']);
    expect(layoutIndexPaths('imagefolder', ['train'])).toEqual([]);
    expect(reservedPaths('imagefolder', ['train'])).toEqual(['README.md', 'manifest.json', 'manifest.csv']);
  });
});

describe('Hugging Face split look-alikes', () => {
  it.each([
    ['test', true],
    ['val', true],
    ['test_tube', true],
    ['my-eval-set', true],
    ['Dev 2', true],
    ['contest', false],
    ['devil', false],
    ['interval', false],
    ['cat', false],
  ])('%j → %s', (name, expected) => {
    expect(looksLikeHfSplit(name)).toBe(expected);
  });

  it('the ImageFolder layout warns about them; the metadata layout does not need to', () => {
    const recs = [record({ id: 'a', label: 'test_tube', split: 'train' }), record({ id: 'b', label: 'cat', split: 'train' })];
    const opts = { ...DEFAULT_EXPORT_OPTIONS, split: { ...DEFAULT_EXPORT_OPTIONS.split, mode: 'keep' as const } };
    const ctx = { dataset: dataset(['test_tube', 'cat']), toolVersion: '0', createdAt: 0 };
    expect(planExport(recs, opts, ctx).summary.warnings.some((w) => w.includes('“test_tube”'))).toBe(true);
    expect(planExport(recs, { ...opts, layout: 'hf-imagefolder' }, ctx).summary.warnings.some((w) => w.includes('“test_tube”'))).toBe(false);
  });
});
