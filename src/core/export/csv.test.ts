import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv';
import { parseCsv } from './test-fixtures';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [' lead', '" lead"'],
    ['猫', '猫'],
    [42, '42'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ] as Array<[string | number | boolean | null | undefined, string]>)('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('lines end in CRLF and read back to the same values', () => {
    const values = ['a,b', 'q"q', 'multi\r\nline', '', 'x'];
    const line = csvLine(values);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line + csvLine(['1', '2', '3', '4', '5']))).toEqual([values, ['1', '2', '3', '4', '5']]);
  });
});
