import type { APIRoute } from 'astro';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../server/auth/sessions';
import { frameCookie, inFrame, isSecure, readCookie } from '../../server/lti/cookies';
import { launchedPage, storageGetPage } from '../../server/lti/html';
import { errorHtml, formOrQuery, html } from '../../server/lti/http';
import { getLti, toolOrigin } from '../../server/lti/instance';
import { anonymousOwnerKey } from '../../server/lab-api/lab-owner';
import { anonymousProgress } from '../../server/progress/instance';

export const prerender = false;

/** The platform form-posts the id_token here (our redirect_uri). A refused launch stores nothing and signs nobody in. */
export const POST: APIRoute = async ({ request, url, locals, cookies }) => {
  try {
    const form = await formOrQuery(request, url);
    const outcome = await getLti().launch(form, (name) => readCookie(request.headers.get('cookie'), name), toolOrigin(locals));
    if (outcome.kind === 'needs-storage') {
      return html(storageGetPage(outcome.storageTarget, outcome.origin, outcome.storageKey, url.pathname, { id_token: form.id_token ?? '', state: form.state ?? '' }));
    }
    // What this browser did before (lab passes, lessons), as sign-in does. A cross-site POST from an LMS frame
    // usually carries no lab cookie; then /lti/open/ (top-level) claims it.
    await anonymousProgress().claim(anonymousOwnerKey(cookies), outcome.user.id);
    const secure = isSecure(locals);
    const headers: [string, string][] = [['set-cookie', frameCookie(SESSION_COOKIE, outcome.session.token, { secure, maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000), partitioned: inFrame(request) })]];
    return html(launchedPage(outcome.redirect, `/lti/open/?token=${outcome.launchToken}`), 200, headers);
  } catch (error) {
    return errorHtml(error);
  }
};
