import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { anonymousOwnerKey, secureLabCookie } from '../../../../server/lab-api/lab-owner';
import { solutionRoute } from '../../../../server/lab-api/lab-routes';
import { anonymousProgress } from '../../../../server/progress/instance';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

/**
 * The solution, served only when asked for explicitly (POST: a link, a prefetch or a crawler never gets it). The
 * request is recorded first: on the account, or under this browser's lab session until it signs in (then it moves
 * with the rest). The instructor sees "viewed solution", and a later pass says so.
 */
export const POST: APIRoute = ({ params, locals, cookies }) =>
  handle(async () => {
    const response = solutionRoute(params.id);
    if (locals.user) await getStore().progress.recordSolutionView(locals.user.id, params.id!);
    else await anonymousProgress().recordSolutionView(anonymousOwnerKey(cookies, secureLabCookie(locals))!, params.id!);
    return response;
  });
