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
  if (!mayBeFramed(pathname)) return null;
  const origins = cache.approved?.origins ?? [];
  return origins.length ? ["'self'", ...origins].join(' ') : null;
}

// Only documents are framed: scripts, styles and images (most responses) need no database lookup.
const mayBeFramed = (pathname: string) => !NEVER_FRAMED.test(pathname) && !/\.(?!html?$)[a-z0-9]+$/i.test(pathname);

/** Approved origins change rarely (an instructor approves a platform); other processes see a change within this. */
const FRESH_MS = 1_000;
// scripts/serve.mjs and the built Astro bundle each load their own copy of this module: the cached copy lives on
// globalThis so that forgetting it in one (after an approval) is seen by the other.
interface FramePolicyCache {
  approved?: { origins: string[]; at: number };
  loading?: Promise<void>;
}
const cache: FramePolicyCache = ((globalThis as { [key: symbol]: FramePolicyCache })[Symbol.for('wfp-course.frame-policy')] ??= {});

/**
 * Reads the approved platforms' origins from the store when `pathname` is a framable document and the copy is
 * older than a second; `frameAncestors` (synchronous, for header code) answers from that copy.
 */
export async function loadFramePolicy(pathname: string): Promise<void> {
  if (!mayBeFramed(pathname) || (cache.approved && Date.now() - cache.approved.at < FRESH_MS)) return;
  cache.loading ??= getStore()
    .lti.platforms.approvedOrigins()
    .then((origins) => {
      cache.approved = { origins, at: Date.now() };
    })
    .finally(() => (cache.loading = undefined));
  await cache.loading;
}

/** After this process changed a platform: the next lookup reads the store again. */
export function forgetFramePolicy(): void {
  cache.approved = undefined;
}
