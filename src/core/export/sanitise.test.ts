import { describe, expect, it } from 'vitest';
import {
  UniqueNames,
  assertSafeZipPath,
  classFolders,
  compareCodePoints,
  sanitiseSegment,
  splitExtension,
  truncateUtf8,
  utf8Length,
} from './sanitise';

const long300 = 'x'.repeat(300);
const family = '👨‍👩‍👧'; // one grapheme of 5 code points (18 UTF-8 bytes)

describe('sanitiseSegment: a table of nasty names', () => {
  const table: Array<[string, string]> = [
    ['..', '_'],
    ['.', '_'],
    ['../x', '_x'], // '/' → '_', then the leading dots → '_', then '__' → '_'
    ['/abs', '_abs'],
    ['C:\\x', 'C__x'],
    ['con', 'con_'],
    ['CON.txt', 'CON_.txt'],
    ['com1', 'com1_'],
    ['lpt9.png', 'lpt9_.png'],
    ['console', 'console'],
    ['a/b', 'a_b'],
    ['a\\b', 'a_b'],
    ['tab\tname', 'tab_name'],
    ['new\nline', 'new_line'],
    ['nul\u0000byte', 'nul_byte'],
    ['a<b>c:d"e|f?g*h', 'a_b_c_d_e_f_g_h'],
    ['  padded  ', 'padded'],
    ['trailing. . ', 'trailing'],
    ['.hidden', '_hidden'],
    ['__init__', '_init__'],
    ['\u202egnp.exe', '_gnp.exe'], // right-to-left override
    ['\ud800x', '_x'], // lone surrogate
    ['', 'unnamed'],
    ['   ', 'unnamed'],
    ['猫', '猫'],
    ['Café 🐱', 'Café 🐱'],
    ['e\u0301', '\u00e9'], // combining accent → NFC
    ['Ελληνικά', 'Ελληνικά'],
    [family, family],
  ];
  it.each(table)('%j → %j', (input, expected) => {
    expect(sanitiseSegment(input)).toBe(expected);
  });

  it('every result is one safe, NFC segment within the byte cap', () => {
    for (const [input] of table) {
      const out = sanitiseSegment(input);
      expect(out).not.toMatch(/[/\\]/);
      expect(out.normalize('NFC')).toBe(out);
      expect(utf8Length(out)).toBeLessThanOrEqual(100);
      expect(() => assertSafeZipPath(`train/${out}/f.png`)).not.toThrow();
    }
  });

  it('caps 300-character names at 100 UTF-8 bytes without cutting a character', () => {
    expect(sanitiseSegment(long300)).toBe('x'.repeat(100));
    const cjk = sanitiseSegment('猫'.repeat(300)); // 3 bytes each: 33 fit
    expect(cjk).toBe('猫'.repeat(33));
    const emoji = sanitiseSegment('🐱'.repeat(300)); // 4 bytes each: 25 fit
    expect(emoji).toBe('🐱'.repeat(25));
    // a grapheme of several code points is kept whole or dropped whole
    const mixed = sanitiseSegment('a'.repeat(90) + family);
    expect(mixed).toBe('a'.repeat(90));
    expect(truncateUtf8('a'.repeat(80) + family, 100)).toBe('a'.repeat(80) + family);
  });
});

describe('splitExtension', () => {
  it.each([
    ['photo.JPG', ['photo', '.JPG']],
    ['a.b.png', ['a.b', '.png']],
    ['.hidden', ['.hidden', '']],
    ['noext', ['noext', '']],
    ['dot.', ['dot.', '']],
    ['weird.ext with space', ['weird.ext with space', '']],
  ] as Array<[string, [string, string]]>)('%j', (input, expected) => {
    expect(splitExtension(input)).toEqual(expected);
  });
});

describe('UniqueNames', () => {
  it('makes names unique case-insensitively, keeping the extension', () => {
    const n = new UniqueNames();
    expect([n.claim('Cat', '.png'), n.claim('cat', '.png'), n.claim('CAT', '.PNG'), n.claim('cat', '.jpg')]).toEqual([
      'Cat.png',
      'cat-2.png',
      'CAT-3.png',
      'cat.jpg',
    ]);
  });

  it('names that collide only after sanitising, or only in normalisation, get suffixes', () => {
    const n = new UniqueNames();
    expect([n.claim('a/b'), n.claim('a:b'), n.claim('a_b')]).toEqual(['a_b', 'a_b-2', 'a_b-3']);
    expect([n.claim('\u00e9'), n.claim('e\u0301'), n.claim('\u00c9')]).toEqual(['\u00e9', '\u00e9-2', '\u00c9-3']);
    // a real name that looks like a suffixed one is not clobbered
    expect([n.claim('x'), n.claim('x-2'), n.claim('x')]).toEqual(['x', 'x-2', 'x-3']);
  });

  it('two 300-character names with the same start stay within the cap and differ', () => {
    const n = new UniqueNames();
    const a = n.claim(long300 + 'a', '.png');
    const b = n.claim(long300 + 'b', '.png');
    expect(a).toBe('x'.repeat(96) + '.png');
    expect(b).toBe('x'.repeat(94) + '-2.png');
    expect(utf8Length(b)).toBeLessThanOrEqual(100);
  });
});

describe('class folders', () => {
  it('sanitises, de-duplicates, and indexes folders in code-point order (as Python sorts)', () => {
    const folders = classFolders(['cat', 'Cat', 'a/b', '..', '']);
    expect(folders.map((f) => f.folder)).toEqual(['cat', 'Cat-2', 'a_b', '_', 'unlabeled']);
    // code points: 'C' 0x43 < '_' 0x5f < 'a' 0x61 < 'c' 0x63 < 'u' 0x75
    expect(Object.fromEntries(folders.map((f) => [f.folder, f.index]))).toEqual({ 'Cat-2': 0, _: 1, a_b: 2, cat: 3, unlabeled: 4 });
    expect(folders.map((f) => f.label)).toEqual(['cat', 'Cat', 'a/b', '..', '']);
  });

  it('avoids reserved names', () => {
    expect(classFolders(['metadata.csv'], 100, ['metadata.csv'])[0].folder).toBe('metadata.csv-2');
  });

  it('compares by code point, not UTF-16 unit', () => {
    // U+FF5E is one BMP unit 0xFF5E; U+1F600 is the surrogate pair 0xD83D 0xDE00
    expect('😀' < '～').toBe(true); // JS string order
    expect(compareCodePoints('～', '😀')).toBeLessThan(0); // Python order
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('b', 'abc')).toBeGreaterThan(0);
    expect(compareCodePoints('猫', '猫')).toBe(0);
  });
});

describe('assertSafeZipPath', () => {
  it.each(['', '/abs', 'C:/x', 'a\\b', 'a/../b', './a', 'a//b', 'a/\u0001', '..'])('rejects %j', (p) => {
    expect(() => assertSafeZipPath(p)).toThrow(/Unsafe path/);
  });
  it.each(['a', 'train/猫/ü.png', 'train/cat/', 'x/y/z.json'])('accepts %j', (p) => {
    expect(() => assertSafeZipPath(p)).not.toThrow();
  });
});
