import { describe, expect, it } from 'vitest';
import { planLayout } from './layout';
import { checkPath } from './paths';

describe('planLayout', () => {
  it('reads ImageFolder under a wrapping folder', () => {
    const plan = planLayout(['pets/cat/1.png', 'pets/cat/2.png', 'pets/dog/3.jpg']);
    expect(plan.layout).toBe('imagefolder');
    expect(plan.root).toBe('pets');
    expect(plan.place('pets/dog/3.jpg')).toEqual({ label: 'dog', split: null });
  });

  it('reads split/class/image and recognises split synonyms', () => {
    const plan = planLayout(['train/cat/1.png', 'validation/cat/2.png', 'test/dog/3.png']);
    expect(plan.layout).toBe('imagefolder-split');
    expect(plan.place('validation/cat/2.png')).toEqual({ label: 'cat', split: 'val' });
    expect(plan.place('test/dog/3.png')).toEqual({ label: 'dog', split: 'test' });
  });

  it('keeps a lone train/ folder as a split, not a wrapper', () => {
    const plan = planLayout(['train/a/1.png', 'train/b/2.png']);
    expect(plan.layout).toBe('imagefolder-split');
    expect(plan.place('train/b/2.png')).toEqual({ label: 'b', split: 'train' });
  });

  it('treats loose files as one unlabeled class', () => {
    const plan = planLayout(['a.png', 'b.jpg']);
    expect(plan.layout).toBe('flat');
    expect(plan.place('a.png')).toEqual({ label: '', split: null });
    const wrapped = planLayout(['photos/a.png', 'photos/b.jpg']);
    expect(wrapped.layout).toBe('flat');
    expect(wrapped.place('photos/b.jpg')).toEqual({ label: '', split: null });
  });

  it('reports files nested deeper than the layout expects', () => {
    const plan = planLayout(['cat/1.png', 'cat/2.png', 'dog/3.png', 'dog/extra/deep/4.png']);
    expect(plan.layout).toBe('imagefolder');
    expect(plan.place('dog/extra/deep/4.png')).toHaveProperty('tooDeep');
    expect((plan.place('dog/extra/deep/4.png') as { tooDeep: string }).tooDeep).toMatch(/deeper than/);
  });

  it('says a file beside the split folders is outside the layout, not deeper', () => {
    const plan = planLayout(['train/cat/1.png', 'test/dog/2.png', 'stray.png']);
    expect(plan.layout).toBe('imagefolder-split');
    const placed = plan.place('stray.png') as { tooDeep: string };
    expect(placed.tooDeep).toMatch(/outside this drop's layout/);
    expect(placed.tooDeep).not.toMatch(/deeper/);
  });

  it('lists class folders, including empty ones seen as directory entries', () => {
    const plan = planLayout(['cat/1.png', 'dog/2.png'], ['cat/', 'dog/', 'bird/']);
    expect(plan.classFolders.sort()).toEqual(['bird', 'cat', 'dog']);
  });

  it('keeps unicode class names', () => {
    const plan = planLayout(['猫/1.png', 'Ünïcødé 🐶/2.png']);
    expect(plan.place('Ünïcødé 🐶/2.png')).toEqual({ label: 'Ünïcødé 🐶', split: null });
  });
});

describe('checkPath', () => {
  it.each([
    ['../evil.png', 'unsafe-path'],
    ['a/../../evil.png', 'unsafe-path'],
    ['/etc/passwd', 'unsafe-path'],
    ['C:\\Windows\\x.png', 'unsafe-path'],
    ['__MACOSX/cat/._1.png', 'system-file'],
    ['cat/.DS_Store', 'system-file'],
    ['cat/._1.png', 'system-file'],
    ['Thumbs.db', 'system-file'],
    ['.git/objects/x.png', 'system-file'],
  ])('%s is skipped as %s', (path, reason) => {
    expect(checkPath(path).skip?.reason).toBe(reason);
  });

  it('accepts ordinary paths and normalises separators', () => {
    expect(checkPath('cats\\tabby 1.png')).toEqual({ path: 'cats/tabby 1.png' });
    expect(checkPath('./cats/a.png')).toEqual({ path: 'cats/a.png' });
  });
});
