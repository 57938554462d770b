/**
 * Cross-origin isolation for pages that host a terminal. WebContainer needs SharedArrayBuffer, which the
 * browser only grants to a cross-origin isolated page: COOP `same-origin` plus COEP. `credentialless` (not
 * `require-corp`) lets the page load StackBlitz's runtime and other cross-origin resources without each
 * one sending a CORP header. Every other page keeps the default policy, so isolation cannot break them.
 *
 * Dependency-free on purpose: scripts/serve.mjs imports it through Node's type stripping.
 */

/** Terminal pages: `/terminal/` and everything under it (one page per lesson that teaches wrangler). */
export const TERMINAL_PAGE_PREFIX = '/terminal/';

export function isTerminalPage(pathname: string): boolean {
  return pathname === '/terminal' || pathname.startsWith(TERMINAL_PAGE_PREFIX);
}

export function isolationHeaders(pathname: string): Record<string, string> {
  if (!isTerminalPage(pathname)) return {};
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'credentialless',
    // response-headers.ts merges these sources into the site's default CSP on terminal pages only.
    'Content-Security-Policy': Object.entries(TERMINAL_CSP_SOURCES)
      .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
      .join('; '),
  };
}

/**
 * CSP sources WebContainer needs on terminal pages, for the response-headers module to merge into its
 * default policy there: the runtime is an iframe on StackBlitz's hosts, which its workers and npm talk to.
 */
export const TERMINAL_CSP_SOURCES: Readonly<Record<string, readonly string[]>> = {
  'frame-src': ['https://stackblitz.com', 'https://*.stackblitz.com', 'https://*.webcontainer-api.io', 'https://*.staticblitz.com'],
  'connect-src': ['https://*.stackblitz.com', 'https://*.webcontainer-api.io', 'https://registry.npmjs.org'],
  'worker-src': ["'self'", 'blob:'],
};
