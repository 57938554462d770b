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
  if (user) return { key: `user:${user.id}`, anonymous: false };
  let session = cookies.get(LAB_SESSION_COOKIE)?.value;
  if (!session || !/^[A-Za-z0-9_-]{32,64}$/.test(session)) {
    session = randomBytes(32).toString('base64url');
    cookies.set(LAB_SESSION_COOKIE, session, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: LAB_SESSION_MAX_AGE_S });
  }
  // Only a hash is kept in memory, so a log of owner keys never holds a usable cookie.
  return { key: `anon:${createHash('sha256').update(session).digest('base64url').slice(0, 32)}`, anonymous: true };
}

/** The owner for a route's context (Astro's locals and cookies fit these shapes). */
export function labOwnerOf(context: { locals: { user: { id: number } | null; site: { secure: boolean } }; cookies: CookieJar }): LabOwner {
  return labOwner(context.locals.user, context.cookies, context.locals.site.secure);
}
