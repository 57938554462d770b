import type { RunResult } from '../lab-engine';
import type { SourceLocation } from '../lab-engine/errors';

/**
 * Uploaded modules are named after the lab file with `.ts` turned into `.js` (see lab-sandbox.ts); this
 * maps a location back to the learner's file. Lines in TypeScript files are those of the stripped
 * JavaScript, which keeps statements on their lines in the labs' small files but may drift.
 */
export function toLabFile(file: string, files: Record<string, unknown>): string {
  if (file in files) return file;
  const ts = file.replace(/\.js$/, '.ts');
  return ts in files ? ts : file;
}

export function mapLocation(location: SourceLocation | undefined, files: Record<string, unknown>): SourceLocation | undefined {
  return location ? { ...location, file: toLabFile(location.file, files) } : undefined;
}

/** Rewrites `at file:line:column` in a message to name the learner's file. */
export function mapMessage(message: string, location: SourceLocation | undefined, files: Record<string, unknown>): string {
  if (!location) return message;
  const from = `${location.file}:${location.line}:${location.column}`;
  return message.replaceAll(from, `${toLabFile(location.file, files)}:${location.line}:${location.column}`);
}

/** The run result with every location (error, log lines) naming the learner's files. */
export function mapRunLocations(result: RunResult, files: Record<string, unknown>): RunResult {
  const error = result.error && {
    ...result.error,
    message: mapMessage(result.error.message, result.error.location, files),
    ...(result.error.location ? { location: mapLocation(result.error.location, files) } : {}),
  };
  const logs = result.logs.map((l) =>
    l.location ? { ...l, message: mapMessage(l.message, l.location, files), location: mapLocation(l.location, files)! } : l,
  );
  return { ...result, error, logs };
}
