import type { AstroCookies } from 'astro';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions';

/** `site` is the request's public origin (locals.site): Secure whenever it is https (see http/site-origin.ts). */
export function setSessionCookie(cookies: AstroCookies, site: { secure: boolean }, token: string): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: site.secure,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(cookies: AstroCookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
