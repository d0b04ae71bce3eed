/**
 * The CSV writer: RFC 4180 quoting, UTF-8 with a byte-order mark, CRLF line ends, Arabic and
 * Turkish text kept exactly, and no cell a spreadsheet would evaluate as a formula.
 */
import { describe, expect, it } from 'vitest';
import {
  BYTE_ORDER_MARK,
  CSV_CONTENT_TYPE,
  csvDocument,
  csvField,
  csvRecord,
  defuseFormula,
  parseCsv,
} from '../../../shared/domain/csv.js';

const ARABIC = 'ابني يحتاج إلى كرسي متحرك ومتابعة طبية';
const TURKISH = 'Döşeme Mahallesi — İğneci, Şükrü, Çağlayan, ğüşıöç ĞÜŞİÖÇ';

describe('a CSV field', () => {
  it('is written as is when it holds nothing special', () => {
    expect(csvField('health')).toBe('health');
    expect(csvField('01KJP7ZD300000000000000002')).toBe('01KJP7ZD300000000000000002');
    expect(csvField('2026-06-01T06:00:00.000Z')).toBe('2026-06-01T06:00:00.000Z');
    expect(csvField('a b')).toBe('a b');
  });

  it('is empty for nothing', () => {
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('writes numbers as numbers, never defused', () => {
    expect(csvField(0)).toBe('0');
    expect(csvField(540)).toBe('540');
    expect(csvField(-5)).toBe('-5');
    expect(() => csvField(Number.NaN)).toThrow(/finite/);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('is quoted when it holds a comma, a double quote, CR or LF; its quotes doubled', () => {
    expect(csvField('health,education')).toBe('"health,education"');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField('"')).toBe('""""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it('does not quote a semicolon-joined list', () => {
    expect(csvField('documentation;legal-aid')).toBe('documentation;legal-aid');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+90 532 123 45 67', "'+90 532 123 45 67"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tindented', "'\tindented"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
  ])('defuses a text starting a formula: %j', (text, defused) => {
    expect(defuseFormula(text)).toBe(defused);
    expect(csvField(text)).toBe(defused);
  });

  it('defuses and then quotes: a formula with a comma or quotes, or starting with CR', () => {
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""click"")"',
    );
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
  });

  it('leaves alone a text with a formula character further in', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('routine-2')).toBe('routine-2');
    expect(csvField('in_progress')).toBe('in_progress');
  });
});

describe('a CSV document', () => {
  it('starts with the byte-order mark, ends every line in CRLF, the header first', () => {
    const document = csvDocument(
      ['id', 'name'],
      [
        ['1', 'a'],
        ['2', 'b'],
      ],
    );
    expect(document).toBe(`${BYTE_ORDER_MARK}id,name\r\n1,a\r\n2,b\r\n`);
    expect(Buffer.from(document, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // No lone LF outside a quoted field.
    expect(document.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('is only the header when there are no rows', () => {
    expect(csvDocument(['a', 'b'], [])).toBe(`${BYTE_ORDER_MARK}a,b\r\n`);
  });

  it('refuses a row of another width than the header', () => {
    expect(() => csvDocument(['a', 'b'], [['1']])).toThrow(/row 1 has 1 fields; the header has 2/);
  });

  it('keeps Arabic and Turkish text exactly, through UTF-8 bytes and back', () => {
    const rows = [
      [ARABIC, TURKISH, 3],
      ['ملاحظة، مع فاصلة', 'İstanbul, "Beyoğlu"\nikinci satır', null],
    ];
    const document = csvDocument(['ar', 'tr', 'n'], rows);
    const bytes = Buffer.from(document, 'utf8');
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(decoded).toBe(document.slice(1)); // TextDecoder drops the BOM
    expect(parseCsv(bytes.toString('utf8'))).toEqual([
      ['ar', 'tr', 'n'],
      [ARABIC, TURKISH, '3'],
      ['ملاحظة، مع فاصلة', 'İstanbul, "Beyoğlu"\nikinci satır', ''],
    ]);
  });

  it('round-trips commas, quotes and line breaks; defused cells keep their apostrophe', () => {
    const tricky = ['a,b', '"quoted"', 'x\r\ny', '', '=cmd|"/c calc"!A1', ' spaced '];
    const document = csvDocument(['one', 'two', 'three', 'four', 'five', 'six'], [tricky]);
    expect(parseCsv(document)).toEqual([
      ['one', 'two', 'three', 'four', 'five', 'six'],
      ['a,b', '"quoted"', 'x\r\ny', '', '\'=cmd|"/c calc"!A1', ' spaced '],
    ]);
  });

  it('serves as text/csv in UTF-8', () => {
    expect(CSV_CONTENT_TYPE).toBe('text/csv; charset=utf-8');
  });
});

describe('the CSV reader (for tests and tools)', () => {
  it('reads records with or without a final line end, LF or CRLF', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,,c\r\n')).toEqual([['a', '', 'c']]);
  });

  it('refuses a document that ends inside quotes', () => {
    expect(() => parseCsv('"open')).toThrow(/inside a quoted field/);
  });
});

it('writes one record without its line end', () => {
  expect(csvRecord(['a', 1, undefined, 'b,c'])).toBe('a,1,,"b,c"');
});
