import { expect, test } from 'vitest';
import { numberPlaceholders } from '../../../src/server/store/sql/placeholders';

test('numbers ? placeholders for PostgreSQL, leaving quoted text and comments alone', () => {
  expect(numberPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  expect(numberPlaceholders("SELECT '?', 'it''s ?' AS x, \"col?\" FROM t WHERE a = ?")).toBe("SELECT '?', 'it''s ?' AS x, \"col?\" FROM t WHERE a = $1");
  expect(numberPlaceholders('SELECT 1 -- why?\nWHERE a = ? /* or ? */ AND b = ?')).toBe('SELECT 1 -- why?\nWHERE a = $1 /* or ? */ AND b = $2');
  expect(numberPlaceholders('no placeholders')).toBe('no placeholders');
});
