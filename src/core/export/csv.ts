/**
 * CSV writing with papaparse's `unparse`: RFC 4180 (fields quoted when they hold a quote, comma,
 * CR or LF, or start/end with a space; quotes doubled), CRLF line ends.
 * No byte-order mark: pandas would read it into the first column's name, and Hugging Face
 * would then not find `file_name`. No formula escaping: it would change the labels a training
 * job reads (a class named "=x" must stay "=x").
 */
import Papa from 'papaparse';

export type CsvValue = string | number | boolean | null | undefined;

export const CSV_NEWLINE = '\r\n';

const UNPARSE: Papa.UnparseConfig = { newline: CSV_NEWLINE, header: false, quotes: false, escapeFormulae: false };

export function csvField(value: CsvValue): string {
  return Papa.unparse([[value]], UNPARSE);
}

/** One record, with its line end. */
export function csvLine(values: readonly CsvValue[]): string {
  return Papa.unparse([values as CsvValue[]], UNPARSE) + CSV_NEWLINE;
}
