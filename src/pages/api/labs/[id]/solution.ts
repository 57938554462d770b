import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { solutionRoute } from '../../../../server/lab-api/lab-routes';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

/**
 * The solution, served only when asked for explicitly (POST: a link, a prefetch or a crawler never gets it). For a
 * signed-in learner the request is recorded first: the instructor sees "viewed solution", and a later pass says so.
 */
export const POST: APIRoute = ({ params, locals }) =>
  handle(async () => {
    const response = solutionRoute(params.id);
    if (locals.user) await getStore().progress.recordSolutionView(locals.user.id, params.id!);
    return response;
  });
