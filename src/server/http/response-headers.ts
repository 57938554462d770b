/**
 * Security headers for every response, prerendered pages included (scripts/serve.mjs applies them before the
 * site's handler runs, so a route's own header of the same name still wins). Per-path overrides come from
 * isolation-headers.ts (terminal pages) and frame-policy.ts (pages an LMS may frame).
 *
 * Dependency-free apart from those two files: serve.mjs imports it through Node's type stripping.
 */
import { createHash } from 'node:crypto';
import { frameAncestors } from './frame-policy';
import { isolationHeaders } from './isolation-headers';

type Directives = Map<string, string[]>;

// Inline scripts are allowed by hash only (Starlight's theme script, Astro's small inlined module scripts): the
// server collects the hashes of the inline scripts in the built pages at start-up (registerScriptHashes).
const scriptHashes = new Set<string>();

export function registerScriptHashes(hashes: Iterable<string>): void {
  for (const h of hashes) scriptHashes.add(h);
}

/** `sha256-…` sources for the executable inline scripts of an HTML page (JSON data blocks do not run). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && type !== 'module' && type !== 'text/javascript' && type !== 'application/javascript') continue;
    hashes.add(`sha256-${createHash('sha256').update(m[2] ?? '').digest('base64')}`);
  }
  return [...hashes];
}

function defaultDirectives(pathname: string, extraHashes: readonly string[]): Directives {
  const hashes = new Set([...scriptHashes, ...extraHashes]);
  return new Map<string, string[]>([
    ['default-src', ["'self'"]],
    // 'wasm-unsafe-eval': Pagefind's search runs WebAssembly. No 'unsafe-inline' or 'unsafe-eval' for scripts.
    ['script-src', ["'self'", "'wasm-unsafe-eval'", ...[...hashes].map((h) => `'${h}'`)]],
    // Styles: Starlight and Astro write style attributes and CodeMirror injects <style> elements at run time,
    // which hashes cannot cover. Style injection cannot run code, so this stays the one 'unsafe-inline'.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', [frameAncestors(pathname) ?? "'none'"]],
  ]);
}

function serialise(d: Directives): string {
  return [...d].map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Merges a CSP string's sources into `d` (union per directive), for per-path additions. */
function mergeCsp(d: Directives, extra: string): void {
  for (const part of extra.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    const current = d.get(name) ?? [];
    d.set(name, [...new Set([...current.filter((v) => v !== "'none'"), ...values])]);
  }
}

/** `options.scriptHashes`: hashes of inline scripts of a page rendered on demand (see src/middleware.ts). */
export function responseHeaders(pathname: string, options: { scriptHashes?: readonly string[] } = {}): Record<string, string> {
  const directives = defaultDirectives(pathname, options.scriptHashes ?? []);
  const isolation = { ...isolationHeaders(pathname) };
  const extraCsp = isolation['Content-Security-Policy'] ?? isolation['content-security-policy'];
  delete isolation['Content-Security-Policy'];
  delete isolation['content-security-policy'];
  if (extraCsp) mergeCsp(directives, extraCsp);
  const framed = frameAncestors(pathname) !== null;
  const headers: Record<string, string> = {
    'Content-Security-Policy': serialise(directives),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
  // Legacy equivalent of frame-ancestors 'none'; omitted when some origins may frame the page.
  if (!framed) headers['X-Frame-Options'] = 'DENY';
  return { ...headers, ...isolation };
}
