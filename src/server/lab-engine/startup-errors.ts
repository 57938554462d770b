import type { SourceLocation } from './errors';

/** Module paths inside workerd are the upload's names under this root (see runtime-options). */
const ROOTS = ['/lab/', 'file:///lab/'];

export interface CleanError {
  /** One or two lines of plain text, e.g. `Uncaught SyntaxError: Unexpected token ';' at dispatcher.js:15:10`. */
  message: string;
  location?: SourceLocation;
}

const stripRoot = (path: string) => ROOTS.reduce((p, root) => (p.startsWith(root) ? p.slice(root.length) : p), path);

/** The first `at file:line:column` in a stack, skipping the lab's own generated modules. */
export function locationOf(text: string): SourceLocation | undefined {
  for (const m of text.matchAll(/at (?:[^\s(]+ \()?([^\s()]+?):(\d+):(\d+)\)?/g)) {
    const file = stripRoot(m[1]!);
    if (file.startsWith('__lab') || file.startsWith('script-') || file.startsWith('node:') || file.startsWith('cloudflare:')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/**
 * Turns workerd's complaint about a Worker that could not start (from the Worker Loader or from a
 * Miniflare startup failure) into clean text with a location. Never returns JSON fragments.
 */
export function cleanStartupError(raw: string): CleanError {
  const text = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"');
  // Cut anything that looks like the rest of a JSON log record (e.g. `","context_depth":0}`).
  const uncaught = /Uncaught [^\n]*/.exec(text)?.[0]?.replace(/",\s*"\w+"\s*:.*$|"\s*}+\s*$/, '').trim();
  const imported = /imported from "([^"]+)"/.exec(text)?.[1];
  const location = locationOf(text);
  let head = uncaught ?? /No such compatibility flag: [\w-]+/.exec(text)?.[0] ?? /error: [^\n"]*/i.exec(text)?.[0]?.trim() ?? text.split('\n')[0]!.trim();
  head = ROOTS.reduce((h, root) => h.replaceAll(root, ''), head);
  if (location) return { message: `${head} at ${location.file}:${location.line}:${location.column}`, location };
  if (imported) return { message: `${head} (imported from ${stripRoot(imported)})` };
  return { message: head };
}
