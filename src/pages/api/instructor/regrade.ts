import { regradeInput } from '../../../schemas/api';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Re-scores every attempt at a quiz against its current key and rubric, recording what changed. */
export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, regradeInput);
  const result = getServices().grading.regrade(input.quizId, actor.id);
  return done(context, input.redirect, `/instructor/stats/?quiz=${encodeURIComponent(input.quizId)}`, result);
});
