import type { APIRoute } from 'astro';
import { autoPostPage } from '../../../server/lti/html';
import { errorHtml, html } from '../../../server/lti/http';
import { getLti, toolOrigin } from '../../../server/lti/instance';

export const prerender = false;

/**
 * The picker's choice, sent back to the platform as a signed LtiDeepLinkingResponse (form post of `JWT`). The picker's
 * one-time request token authorises this (the LMS frame may hold no session cookie).
 */
export const POST: APIRoute = async ({ request, url, locals }) => {
  try {
    // The picker posts urlencoded; `items` repeats.
    const params = new URLSearchParams((await request.text().catch(() => '')).slice(0, 64 * 1024));
    const { returnUrl, jwt } = await getLti().deepLinkRespond({ request: params.get('request') ?? '', items: params.getAll('items') }, toolOrigin(locals));
    return html(autoPostPage(returnUrl, { JWT: jwt }, 'Returning to your course'));
  } catch (error) {
    return errorHtml(error, 'Could not add these items');
  }
};
