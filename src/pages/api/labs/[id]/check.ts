import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';
import { getStore } from '../../../../server/store/instance';

export const prerender = false;

// A passed lab is recorded for a signed-in learner (labs themselves need no account).
export const POST: APIRoute = ({ params, request, url, locals }) =>
  handle(() =>
    checkLabRoute(labEngine(), params.id, url.searchParams.get('sandbox') ?? undefined, request, sandboxRateLimit, async (lab) => {
      if (locals.user) getStore().progress.recordLabPass(locals.user.id, lab.definition.id);
    }),
  );
