import { z } from 'zod';
import { forwardedHost, forwardedProto, type RequestLike } from './client-address';
import { SettingError } from './trust-proxy';

/**
 * `SITE_ORIGIN`: the site's public origin(s) as browsers see them, comma-separated (e.g. https://course.example.com).
 * The one setting behind the CSRF origin check, Secure cookies and HSTS, the URLs given to an LMS (LTI) and the
 * sandbox API's CORS. Unset: the server's own http://HOST:PORT (and whatever Host a browser reached it by).
 */

const originList = z
  .string()
  .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)).min(1));

let cached: { raw: string | undefined; origins: string[] | null } | null = null;

/** SITE_ORIGIN parsed (COURSE_PUBLIC_URL, its old name, when it is unset); null when neither is set. */
export function configuredOrigins(env: Record<string, string | undefined> = process.env): string[] | null {
  const raw = env.SITE_ORIGIN?.trim() || env.COURSE_PUBLIC_URL?.trim() || undefined;
  if (env === process.env && cached && cached.raw === raw) return cached.origins;
  let origins: string[] | null = null;
  if (raw) {
    const parsed = originList.safeParse(raw);
    if (!parsed.success) throw new SettingError('SITE_ORIGIN', `SITE_ORIGIN must be one or more http(s) origins separated by commas, e.g. SITE_ORIGIN=https://course.example.com (got "${raw}").`);
    origins = [...new Set(parsed.data)];
  }
  if (env === process.env) cached = { raw, origins };
  return origins;
}

/** The origin this request's browser is on: the SITE_ORIGIN entry for its host (else the first), or, unset, its own. */
export function publicOrigin(request: RequestLike, peer: string): string {
  const host = forwardedHost(request, peer);
  const configured = configuredOrigins();
  if (configured) return configured.find((o) => new URL(o).host === host) ?? configured[0]!;
  return `${forwardedProto(request, peer)}://${host}`;
}

/**
 * Origins whose state-changing requests are same-site. With SITE_ORIGIN: exactly those, whatever the socket, the
 * Host header or the proxy's headers say. Without: the origin the request was addressed to (its Host, over the
 * scheme a trusted proxy reports, and over plain http).
 */
export function sameSiteOrigins(request: RequestLike, peer: string): string[] {
  const configured = configuredOrigins();
  if (configured) return configured;
  return [...new Set([publicOrigin(request, peer), `http://${forwardedHost(request, peer)}`, new URL(request.url).origin])];
}

/** Cookies are Secure (and HSTS is sent) whenever the public origin is https, or COURSE_SECURE_COOKIES=1 says so. */
export function secureContext(request: RequestLike, peer: string): boolean {
  return publicOrigin(request, peer).startsWith('https:') || process.env.COURSE_SECURE_COOKIES === '1';
}

/** Strict-Transport-Security for a response on an https public origin (a year; subdomains are the operator's call). */
export function strictTransportSecurity(request: RequestLike, peer: string): string | null {
  return publicOrigin(request, peer).startsWith('https:') ? 'max-age=31536000' : null;
}
