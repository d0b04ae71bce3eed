/**
 * CSV documents that open cleanly in LibreOffice and Excel, whatever the script of their text
 * (Arabic, Turkish): UTF-8 with a byte-order mark (without it Excel reads the file in the
 * machine's legacy code page), CRLF line endings, and RFC 4180 quoting — a field holding a
 * comma, a double quote, CR or LF is put in double quotes, its double quotes doubled.
 *
 * Text is defused against spreadsheet formula injection (CSV injection): a text field that
 * starts with a character a spreadsheet reads as the start of a formula (= + - @, a tab or a
 * CR, and their full-width forms) gets a leading apostrophe, so it is shown as text and never
 * evaluated. Numbers are written as numbers and are never defused.
 */

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const BYTE_ORDER_MARK = '\uFEFF';
export const CSV_LINE_END = '\r\n';

/** A field: text, a finite number, or nothing (an empty field). */
export type CsvValue = string | number | null | undefined;

/** Characters that make a spreadsheet read a field as a formula when it starts with them. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const NEEDS_QUOTES = /[",\r\n]/;

/** A text field as a spreadsheet must show it: with a leading apostrophe if it would start a formula. */
export function defuseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/** One field, defused and quoted as RFC 4180 requires. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`A CSV number must be finite, not ${value}`);
    return String(value);
  }
  const text = defuseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, without its line end. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/**
 * A whole document: the byte-order mark, the header, then one record per row, each line ending
 * in CRLF (the last one too, as RFC 4180 allows). Every row must have the header's width.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [csvRecord(header)];
  for (const [index, row] of rows.entries()) {
    if (row.length !== header.length) {
      throw new Error(`CSV row ${index + 1} has ${row.length} fields; the header has ${header.length}`);
    }
    lines.push(csvRecord(row));
  }
  return `${BYTE_ORDER_MARK}${lines.join(CSV_LINE_END)}${CSV_LINE_END}`;
}

/**
 * Reads a CSV document back into records (RFC 4180: quoted fields may hold commas, quotes and
 * line breaks). A leading byte-order mark is skipped; a final line end does not make an empty
 * record. For tests and tools that check what `csvDocument` wrote; it does not undo defusing.
 */
export function parseCsv(document: string): string[][] {
  const text = document.startsWith(BYTE_ORDER_MARK) ? document.slice(1) : document;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (index < text.length) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"') {
        if (text.charAt(index + 1) === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
        index += 1;
        continue;
      }
      field += char;
      index += 1;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      index += 1;
    } else if (char === ',') {
      endField();
      index += 1;
    } else if (char === '\r' && text.charAt(index + 1) === '\n') {
      endRecord();
      index += 2;
    } else if (char === '\n') {
      endRecord();
      index += 1;
    } else {
      field += char;
      index += 1;
    }
  }
  if (quoted) throw new Error('CSV document ends inside a quoted field');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
