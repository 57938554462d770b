import type { APIRoute } from 'astro';
import { registeredPage } from '../../server/lti/html';
import { errorHtml, html } from '../../server/lti/http';
import { getLti, toolOrigin } from '../../server/lti/instance';

export const prerender = false;

/** LTI Dynamic Registration 1.0: the platform opens this with openid_configuration and registration_token. */
export const GET: APIRoute = async ({ url, locals }) => {
  try {
    const outcome = await getLti().registration.dynamic(Object.fromEntries(url.searchParams), toolOrigin(locals));
    const status = outcome.kind === 'registered' ? outcome.platform.status : outcome.kind;
    return html(registeredPage(outcome.platform.name, status));
  } catch (error) {
    return errorHtml(error, 'Registration failed');
  }
};
