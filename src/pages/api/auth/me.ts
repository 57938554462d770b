import { json } from '../../../server/http/request';
import { route } from '../../../server/http/route';

export const prerender = false;

/** Who is signed in, and the CSRF token the client script sends with state-changing requests. */
export const GET = route(({ locals }) => json({ user: locals.user, csrfToken: locals.csrfToken }));
