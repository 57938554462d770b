import type { LogEntry, RunResult, SourceLocation } from '../lab-engine';
import { originalPosition, type LineMap } from './source-map';

type Modules = Map<string, { file: string; lineMap?: LineMap }>;

// A module position inside a message or stack, e.g. "at fetch (dispatcher.js:12:9)" or "/lab/tenants/x.js:3:1".
const POSITION = /([\w./-]+\.(?:m?js|ts)):(\d+):(\d+)/g;

/** Maps a location in an uploaded module (dispatcher.js) to the learner's file (dispatcher.ts), line and column. */
export function toLabLocation(modules: Modules, location: SourceLocation): SourceLocation | null {
  const name = location.file.replace(/^\/?(?:lab\/)?/, '');
  const entry = modules.get(name) ?? [...modules.entries()].find(([m]) => name.endsWith(`/${m}`) || m.endsWith(`/${name}`))?.[1];
  if (!entry) return null;
  if (!entry.lineMap) return { file: entry.file, line: location.line, column: location.column };
  const original = originalPosition(entry.lineMap, location.line, location.column);
  return original ? { file: entry.file, ...original } : { file: entry.file, line: 1, column: 1 };
}

/** The first position in a text that belongs to one of the lab's modules. */
function findIn(modules: Modules, text: string): SourceLocation | null {
  for (const match of text.matchAll(POSITION)) {
    const mapped = toLabLocation(modules, { file: match[1]!, line: Number(match[2]), column: Number(match[3]) });
    if (mapped) return mapped;
  }
  return null;
}

function locate(modules: Modules, given: SourceLocation | undefined, message: string): SourceLocation | null {
  return (given && toLabLocation(modules, given)) ?? findIn(modules, message);
}

/**
 * Gives the run's error and its uncaught exceptions a location in the learner's files: the engine's own
 * location when it has one, otherwise a module position named in the message or stack.
 */
export function withLabLocations(result: RunResult, modules: Modules): RunResult {
  const logs = result.logs.map((entry): LogEntry => {
    if (entry.level !== 'error') return entry;
    const location = locate(modules, entry.location, entry.message);
    const { location: _dropped, ...rest } = entry;
    return location ? { ...rest, location } : rest;
  });
  let error = result.error;
  if (error) {
    const fromLogs = error.kind === 'startup' ? logs.find((l) => l.location)?.location : undefined;
    const location = locate(modules, error.location, error.message) ?? fromLogs ?? null;
    const { location: _dropped, ...rest } = error;
    error = location ? { ...rest, location } : rest;
  }
  return { ...result, logs, error };
}
