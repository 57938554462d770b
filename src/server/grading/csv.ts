export type CsvValue = string | number | null | undefined;

/** Characters that make spreadsheets treat a cell as a formula (or hide a leading control character). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell, safe to open in Excel, LibreOffice or Google Sheets: text that could start a formula gets a
 * leading apostrophe (OWASP's advice), then RFC 4180 quoting. Numbers are written as numbers.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CRLF rows with a UTF-8 byte-order mark, so Excel reads names with accents correctly. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
