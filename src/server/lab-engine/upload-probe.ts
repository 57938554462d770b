import { LabError, isLabError, type SourceLocation } from './errors';
import type { ValidWorkerUpload } from './schemas';
import { cleanStartupError } from './startup-errors';
import { locateSyntaxError } from './syntax-locate';

/** Sends a probe spec to the runtime's probe Worker (bounded by the runtime's budget). */
export type ProbeCall = (spec: Record<string, unknown>) => Promise<{ ok: boolean; message?: string }>;

/** Finds the line and column of an import of `specifier` in a module, to point at a missing module. */
function importLocation(upload: ValidWorkerUpload, file: string, missing: string): SourceLocation | undefined {
  const content = upload.modules.find((m) => m.name === file)?.content;
  if (!content) return undefined;
  const base = missing.split('/').pop()!;
  const lines = content.split('\n');
  for (const [i, line] of lines.entries()) {
    const column = line.indexOf(base);
    if (column >= 0 && /\b(import|from|require)\b/.test(line)) return { file, line: i + 1, column: column + 1 };
  }
  return undefined;
}

/**
 * Loads an upload through the Worker Loader in the sandbox's own workerd (the same isolate the next run
 * will use), as the platform validates an upload: a module that does not parse, an import that cannot be resolved, an unknown compatibility flag
 * or module-scope code that throws (or never finishes) rejects it with `script_invalid` (code 10021).
 */
export async function probeUpload(call: ProbeCall, upload: ValidWorkerUpload, spec: Record<string, unknown>): Promise<void> {
  let answer: { ok: boolean; message?: string };
  try {
    answer = await call(spec);
  } catch (error) {
    if (isLabError(error) && error.code === 'timeout')
      throw new LabError(
        'script_invalid',
        'Script startup exceeded CPU time limit: code that runs when a module loads (outside any handler) never finished, such as a loop at module scope.',
      );
    throw error;
  }
  if (answer.ok) return;
  const clean = cleanStartupError(answer.message ?? 'The Worker failed to start.');
  const missing = /No such module "([^"]+)"/.exec(answer.message ?? '')?.[1];
  const importer = /imported from ([^)]+)\)/.exec(clean.message)?.[1];
  // workerd names no place for some syntax errors ("Unexpected end of input"): find it with a parser.
  const parsed = !clean.location && /SyntaxError/.test(clean.message) ? locateSyntaxError(upload) : undefined;
  const location = clean.location ?? (missing && importer ? importLocation(upload, importer, missing) : undefined) ?? parsed;
  const where = location && !clean.location ? ` at ${location.file}:${location.line}:${location.column}` : '';
  const plain = location ? { file: location.file, line: location.line, column: location.column } : undefined;
  throw new LabError('script_invalid', `${clean.message}${where}`, 400, plain);
}
