import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';
import { scoreChanged } from '../../../../server/score-events';
import { getServices } from '../../../../server/services';

export const prerender = false;

// A passed lab is recorded for a signed-in learner (labs themselves need no account).
export const POST: APIRoute = ({ params, request, url, locals }) =>
  handle(() =>
    checkLabRoute(labEngine(), params.id, url.searchParams.get('sandbox') ?? undefined, request, sandboxRateLimit, async (lab) => {
      if (!locals.user) return;
      getServices().store.progress.recordLabPass(locals.user.id, lab.definition.id);
      scoreChanged({ userId: locals.user.id, kind: 'lab', itemId: lab.definition.id });
    }),
  );
