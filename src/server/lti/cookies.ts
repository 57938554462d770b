/**
 * Cookies the LMS frame needs. Over https they are `SameSite=None; Secure` so a cross-site iframe and the platform's
 * cross-site form post carry them; over plain http (loopback only) browsers refuse SameSite=None without Secure,
 * so they fall back to Lax.
 */
export function frameCookie(name: string, value: string, o: { secure: boolean; maxAgeSeconds: number; path?: string; partitioned?: boolean }): string {
  const parts = [`${name}=${value}`, `Path=${o.path ?? '/'}`, `Max-Age=${o.maxAgeSeconds}`, 'HttpOnly'];
  parts.push(o.secure ? 'SameSite=None; Secure' : 'SameSite=Lax');
  // CHIPS: a cookie partitioned by the LMS's site still works in its frame where third-party cookies are blocked.
  if (o.secure && o.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}

/** Whether the browser is loading this into a frame (Fetch Metadata); only then are cookies partitioned. */
export const inFrame = (request: Request) => request.headers.get('sec-fetch-dest') === 'iframe';

/** https as the browser sees it: the public origin (SITE_ORIGIN) is https, or COURSE_SECURE_COOKIES=1. */
export const isSecure = (locals: { site: { secure: boolean } }) => locals.site.secure;

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
