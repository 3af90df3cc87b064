/**
 * CSV writing per RFC 4180: CRLF line ends, fields quoted when they hold a quote, comma,
 * CR or LF (or start/end with a space, which some readers trim), quotes doubled.
 * (papaparse is not installed; this matches what its `unparse` writes with default options.)
 * No byte-order mark: pandas would read it into the first column's name, and Hugging Face
 * would then not find `file_name`.
 */

export type CsvValue = string | number | boolean | null | undefined;

export const CSV_NEWLINE = '\r\n';

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record, with its line end. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_NEWLINE;
}
