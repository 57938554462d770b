import type { AstroCookies } from 'astro';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions';
import { isHttps } from './client-address';

/** Secure on https, behind a proxy that says so under TRUST_PROXY, or always when COURSE_SECURE_COOKIES=1. */
export function secureCookies(request: Request): boolean {
  return isHttps(request) || process.env.COURSE_SECURE_COOKIES === '1';
}

export function setSessionCookie(cookies: AstroCookies, request: Request, token: string): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(request),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(cookies: AstroCookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
