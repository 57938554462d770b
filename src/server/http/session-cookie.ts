import type { AstroCookies } from 'astro';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions';

/** Secure on https, or always when COURSE_SECURE_COOKIES=1 (e.g. behind a TLS-terminating proxy). */
export function setSessionCookie(cookies: AstroCookies, url: URL, token: string): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:' || process.env.COURSE_SECURE_COOKIES === '1',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(cookies: AstroCookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
