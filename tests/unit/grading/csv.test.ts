import { describe, expect, test } from 'vitest';
import { csvCell, toCsv } from '../../../src/server/grading/csv';

describe('CSV export', () => {
  test.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('neutralises formula-like text %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  test('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  test('plain text, numbers and empty cells pass through; negative numbers stay numbers', () => {
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(6)).toBe('6');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  test('rows are CRLF-separated after a UTF-8 byte-order mark', () => {
    expect(toCsv([['Name', 'Score'], ['Zoë', 3]])).toBe('\uFEFFName,Score\r\nZoë,3\r\n');
  });
});
