import { timingSafeEqual } from 'node:crypto';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isStateChanging = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/**
 * Browsers send Origin on every cross-site state-changing request, so a present Origin that is not one of ours
 * (SITE_ORIGIN, see http/site-origin.ts) is refused. Sec-Fetch-Site covers browsers that omit Origin; clients
 * sending neither are not browsers, so no ambient cookie can be abused through them.
 */
export function originAllowed(request: Request, siteOrigins: readonly string[]): boolean {
  const origin = request.headers.get('origin');
  if (origin) return siteOrigins.includes(origin);
  const site = request.headers.get('sec-fetch-site');
  return !site || site === 'same-origin' || site === 'none';
}

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
