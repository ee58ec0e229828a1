/** RFC 4180 field: quoted if and only if it holds a comma, a quote, CR or LF (the interchange rule). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/**
 * Spreadsheet formula neutralisation, for every CSV Crosstalk writes. A cell a spreadsheet would run as a
 * formula — one starting with = + - @ (ASCII or full-width ＝＋－＠), possibly after whitespace, or with a
 * tab, CR or LF — is written with a leading `'`. So that our own readers can undo it exactly, a cell that
 * already looks neutralised (`'=…`, `''=…`) gets one more `'`; `restoreCell` removes exactly one.
 *
 * A strict E.164 number (`+8613800138000`) is left as it is: a spreadsheet reads it as a number, never as a
 * call, and write-back sets carry one in every row for the exporter to dial.
 */
const FORMULA_AFTER_QUOTES = /^'*(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const NEUTRALISED = /^'+(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const E164 = /^\+[1-9]\d{1,14}$/;
const APOSTROPHE = 39;

export function neutraliseCell(cell: string): string {
  return !E164.test(cell) && FORMULA_AFTER_QUOTES.test(cell) ? `'${cell}` : cell;
}

/** The cell as it was before `neutraliseCell`. */
export function restoreCell(cell: string): string {
  // Every cell of every row comes through here: the regex only for cells that start with a quote.
  return cell.charCodeAt(0) === APOSTROPHE && NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** One CSV record with every cell neutralised. */
export function neutralisedCsvLine(fields: readonly string[]): string {
  return csvLine(fields.map(neutraliseCell));
}
