import { parse } from '@babel/parser';
import type { SourceLocation } from './errors';
import type { ValidWorkerUpload } from './schemas';

/**
 * Finds where an upload's JavaScript stops parsing, for workerd messages that carry no location (such as
 * `Uncaught SyntaxError: Unexpected end of input`). Parses each ES module (CommonJS as a script) with
 * Babel, main module first; returns the first error's file, 1-based line and column.
 */
export function locateSyntaxError(upload: ValidWorkerUpload): (SourceLocation & { reason: string }) | undefined {
  const main = upload.metadata.main_module;
  const ordered = [...upload.modules].sort((a, b) => Number(b.name === main) - Number(a.name === main));
  for (const m of ordered) {
    if (m.type !== 'esm' && m.type !== 'commonjs') continue;
    try {
      parse(m.content, { sourceType: m.type === 'esm' ? 'module' : 'script', allowReturnOutsideFunction: m.type === 'commonjs' });
    } catch (error) {
      const e = error as { loc?: { line: number; column: number }; message?: string };
      if (!e.loc) continue;
      return { file: m.name, line: e.loc.line, column: e.loc.column + 1, reason: (e.message ?? '').replace(/\s*\(\d+:\d+\)$/, '') };
    }
  }
  return undefined;
}
