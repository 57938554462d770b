import { randomBytes } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { hashToken } from '../auth/sessions';

/** A browser that signed in before carries this; throttling of an account under attack does not hold it back. */
export const DEVICE_COOKIE = 'course_device';
const YEAR_S = 365 * 24 * 60 * 60;

export function deviceHash(cookies: AstroCookies): string | undefined {
  const value = cookies.get(DEVICE_COOKIE)?.value;
  return value && value.length <= 100 ? hashToken(value) : undefined;
}

/** Gives this browser a device token (keeping an existing one) and returns its hash. */
export function ensureDevice(cookies: AstroCookies, site: { secure: boolean }): string {
  let value = cookies.get(DEVICE_COOKIE)?.value;
  if (!value || value.length > 100) value = randomBytes(32).toString('base64url');
  cookies.set(DEVICE_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: site.secure, maxAge: YEAR_S });
  return hashToken(value);
}
