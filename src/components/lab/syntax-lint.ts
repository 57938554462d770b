import { parse } from '@babel/parser';

/** A parse error at a 1-based line and column. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * Parses JavaScript or TypeScript as the learner types (Babel, loaded with the editor only), so a syntax
 * error is marked before Run. JSON files are checked with JSON.parse.
 */
export function findSyntaxError(path: string, text: string): SyntaxProblem | null {
  if (path.endsWith('.json')) {
    try {
      JSON.parse(text);
      return null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(message);
      const offset = at ? Number(at[1]) : 0;
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, column: before.at(-1)!.length + 1, message };
    }
  }
  try {
    parse(text, { sourceType: 'module', plugins: path.endsWith('.ts') ? ['typescript'] : [] });
    return null;
  } catch (error) {
    const e = error as { loc?: { line: number; column: number }; message?: string };
    if (!e.loc) return null;
    return { line: e.loc.line, column: e.loc.column + 1, message: (e.message ?? 'Syntax error').replace(/\s*\(\d+:\d+\)$/, '') };
  }
}
