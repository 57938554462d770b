import { createHash, randomBytes } from 'node:crypto';
import type { LabOwner } from '../lab-engine';

export const LAB_SESSION_COOKIE = 'lab_session';
const LAB_SESSION_MAX_AGE_S = 24 * 60 * 60;

/** The two cookie operations we need (Astro's `cookies` fits), so this module stays free of Astro. */
export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean; maxAge: number }): void;
}

/**
 * Who a lab sandbox belongs to: the signed-in learner, or else an anonymous lab session kept in its own
 * HttpOnly cookie (set here on first use). Limits count per owner, never per address: a class behind one
 * NAT is thirty owners.
 */
export function labOwner(user: { id: number } | null, cookies: CookieJar, secure: boolean): LabOwner {
  if (user) return { key: userOwnerKey(user.id), anonymous: false };
  return { key: anonymousOwnerKey(cookies) ?? anonymousOwnerKey(cookies, secure)!, anonymous: true };
}

const validSession = (value: string | undefined): value is string => !!value && /^[A-Za-z0-9_-]{32,64}$/.test(value);

export const userOwnerKey = (userId: number) => `user:${userId}`;

/**
 * This browser's anonymous owner key, from its lab session cookie. With `secure` given, a missing cookie is
 * created; without it, a browser that has none has no key. Only a hash is kept (in memory and in the store), so
 * a log of owner keys never holds a usable cookie.
 */
export function anonymousOwnerKey(cookies: CookieJar, secure?: boolean): string | null {
  let session = cookies.get(LAB_SESSION_COOKIE)?.value;
  if (!validSession(session)) {
    if (secure === undefined) return null;
    session = randomBytes(32).toString('base64url');
    cookies.set(LAB_SESSION_COOKIE, session, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: LAB_SESSION_MAX_AGE_S });
  }
  return `anon:${createHash('sha256').update(session).digest('base64url').slice(0, 32)}`;
}

/** Whether the lab session cookie is Secure: the request's public origin (locals.site) is https. */
export const secureLabCookie = (locals: { site: { secure: boolean } }) => locals.site.secure;

/** The owner for a route's context (Astro's locals and cookies fit these shapes). */
export function labOwnerOf(context: { locals: { user: { id: number } | null; site: { secure: boolean } }; cookies: CookieJar }): LabOwner {
  return labOwner(context.locals.user, context.cookies, context.locals.site.secure);
}
