import type { APIRoute } from 'astro';
import { hashToken } from '../../server/auth/sessions';
import { frameCookie, inFrame, isSecure } from '../../server/lti/cookies';
import { storagePutPage } from '../../server/lti/html';
import { errorHtml, formOrQuery, html } from '../../server/lti/http';
import { getLti, toolOrigin } from '../../server/lti/instance';
import { bindingCookieName } from '../../server/lti/launch';

export const prerender = false;

/** OIDC third-party-initiated login (GET or POST): state and a single-use nonce, then off to the platform. */
const handler: APIRoute = async ({ request, url, locals }) => {
  try {
    const start = await getLti().login(await formOrQuery(request, url), toolOrigin(locals));
    const key = bindingCookieName(hashToken(start.state));
    const cookie = frameCookie(key, start.binding, { secure: isSecure(locals), maxAgeSeconds: 600, path: '/lti/', partitioned: inFrame(request) });
    if (start.storageTarget) {
      // Platform storage holds the binding too, for browsers that drop our cookie in the LMS frame.
      return html(storagePutPage(start.storageTarget, start.platform.origin, key, start.binding, start.redirect), 200, [['set-cookie', cookie]]);
    }
    return new Response(null, { status: 302, headers: { location: start.redirect, 'set-cookie': cookie, 'cache-control': 'no-store' } });
  } catch (error) {
    return errorHtml(error, 'This login was refused');
  }
};

export const GET = handler;
export const POST = handler;
