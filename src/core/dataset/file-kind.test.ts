import { describe, expect, it } from 'vitest';
import { kindByName } from './file-kind';

describe('kindByName', () => {
  it('lets image names through, whatever their case', () => {
    for (const p of ['a.png', 'cat/B.JPG', 'x/y.jpeg', 'z.webp', 'q.Gif', 'r.bmp', 's.tiff']) expect(kindByName(p)).toEqual({ kind: 'image' });
  });

  it('names documents and data files for what they are', () => {
    const msg = (p: string) => {
      const v = kindByName(p);
      return v.kind === 'not-an-image' ? v.message : `not refused: ${v.kind}`;
    };
    expect(msg('README.md')).toMatch(/^"README.md" is a Markdown document, not an image/);
    expect(msg('train/metadata.csv')).toMatch(/^"metadata.csv" is a CSV table/);
    expect(msg('manifest.JSON')).toMatch(/JSON file/);
    expect(msg('models/gen/weights.bin')).toMatch(/binary data/);
    expect(msg('data.tar.gz')).toMatch(/archive/);
  });

  it('leaves names without a known extension to the bytes', () => {
    for (const p of ['LICENSE', 'cat/img_0001', 'a/b.unknownext', 'dir.v2/file']) expect(kindByName(p)).toEqual({ kind: 'unknown' });
  });
});
