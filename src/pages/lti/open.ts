import type { APIRoute } from 'astro';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../server/auth/sessions';
import { frameCookie, isSecure } from '../../server/lti/cookies';
import { errorHtml } from '../../server/lti/http';
import { getLti } from '../../server/lti/instance';
import { anonymousOwnerKey } from '../../server/lab-api/lab-owner';
import { anonymousProgress } from '../../server/progress/instance';

export const prerender = false;

/** The one-time launch token: opened top-level when the LMS frame blocks our cookies, it signs in and opens the item. */
export const GET: APIRoute = async ({ url, locals, cookies }) => {
  try {
    const { userId, session, redirect } = await getLti().openWithToken(url.searchParams.get('token') ?? '');
    await anonymousProgress().claim(anonymousOwnerKey(cookies), userId);
    const cookie = frameCookie(SESSION_COOKIE, session.token, { secure: isSecure(locals), maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000) });
    return new Response(null, { status: 303, headers: { location: redirect, 'set-cookie': cookie, 'cache-control': 'no-store' } });
  } catch (error) {
    return errorHtml(error, 'This link does not work any more');
  }
};
