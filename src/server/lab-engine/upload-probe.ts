import { createHash } from 'node:crypto';
import { LabError, isLabError, type SourceLocation } from './errors';
import { DEFAULT_COMPATIBILITY_DATE, LAB_FLAGS } from './runtime-options';
import type { ValidWorkerUpload } from './schemas';
import { cleanStartupError } from './startup-errors';

/** Sends a probe spec to the runtime's probe Worker (bounded by the runtime's budget). */
export type ProbeCall = (spec: Record<string, unknown>) => Promise<{ ok: boolean; message?: string }>;

const KIND = { esm: 'js', commonjs: 'cjs', text: 'text', data: 'data', json: 'json', wasm: 'wasm' } as const;

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
 * Loads an upload through the Worker Loader in the sandbox's own workerd, as the platform validates an
 * upload: a module that does not parse, an import that cannot be resolved, an unknown compatibility flag
 * or module-scope code that throws (or never finishes) rejects it with `script_invalid` (code 10021).
 */
export async function probeUpload(call: ProbeCall, upload: ValidWorkerUpload): Promise<void> {
  const spec = {
    compatibilityDate: upload.metadata.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE,
    compatibilityFlags: [...new Set([...(upload.metadata.compatibility_flags ?? []), ...LAB_FLAGS])],
    mainModule: upload.metadata.main_module,
    modules: Object.fromEntries(upload.modules.map((m) => [m.name, { kind: KIND[m.type], content: m.content }])),
  };
  const id = createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
  let answer: { ok: boolean; message?: string };
  try {
    answer = await call({ id, ...spec });
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
  const location = clean.location ?? (missing && clean.message.includes('imported from') ? importLocation(upload, /imported from ([^)]+)\)/.exec(clean.message)?.[1] ?? '', missing) : undefined);
  const where = location && !clean.location ? ` at ${location.file}:${location.line}:${location.column}` : '';
  throw new LabError('script_invalid', `${clean.message}${where}`, 400, location);
}
