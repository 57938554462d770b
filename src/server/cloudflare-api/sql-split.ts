/**
 * Splits an SQL text into statements at top-level semicolons, the way D1's API runs a multi-statement
 * `sql` as a batch: semicolons inside quotes, identifiers, comments and CREATE TRIGGER … BEGIN … END
 * bodies do not split. Empty statements and comment-only ones are dropped.
 */
export function splitSql(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let depth = 0; // BEGIN … END nesting inside a CREATE TRIGGER
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (stripComments(text).trim() !== '') statements.push(text);
    start = end + 1;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = closing(sql, i + 1, c);
    } else if (c === '[') {
      i = closing(sql, i + 1, ']');
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 64))![0];
      const upper = word.toUpperCase();
      if (upper === 'BEGIN' && /\bTRIGGER\b/i.test(stripComments(sql.slice(start, i)))) depth++;
      else if (upper === 'END' && depth > 0 && !/^\s*(IF|WHILE|LOOP)\b/i.test(sql.slice(i + 3))) depth--;
      i += word.length;
    } else {
      if (c === ';' && depth === 0) push(i);
      i++;
    }
  }
  push(sql.length);
  return statements;
}

function closing(sql: string, from: number, quote: string): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote && quote !== ']') i += 2; // doubled quote is an escaped quote
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}
