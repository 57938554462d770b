import { getStore } from '../store/instance';

/** Pages an LMS may show in its frame: lessons, quizzes, labs and the LTI flow. Never the instructor area, sign-in or the API. */
const NEVER_FRAMED = /^\/(instructor|api|sign-in|sign-up)(\/|$)/;

/**
 * The frame-ancestors value for `pathname` (CONTRACTS.md): the origins of approved LTI platforms for pages an LMS may
 * frame, `null` (the default 'none') elsewhere. The registration page is framed by a platform before it is approved,
 * and shows nothing worth clickjacking, so any https origin may frame it.
 */
export function frameAncestors(pathname: string): string | null {
  if (/^\/lti\/register\/?$/.test(pathname)) return "'self' https: http://localhost:* http://127.0.0.1:*";
  if (NEVER_FRAMED.test(pathname)) return null;
  // Only documents are framed: scripts, styles and images (most responses) need no database lookup.
  if (/\.(?!html?$)[a-z0-9]+$/i.test(pathname)) return null;
  const origins = getStore().lti.platforms.approvedOrigins();
  return origins.length ? ["'self'", ...origins].join(' ') : null;
}
