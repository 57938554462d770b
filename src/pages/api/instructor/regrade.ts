import { regradeInput, regradePreviewInput } from '../../../schemas/api';
import { InvalidInputError } from '../../../server/errors';
import { json, readBody, wantsRedirect } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

/** The dry run: who would change, and by how much. Nothing is written. */
export const GET = route(async ({ locals, url }) => {
  const scope = await classScope(getStore(), locals.user, url.searchParams.get('class'));
  const { quizId } = regradePreviewInput.parse({ quizId: url.searchParams.get('quizId') ?? '' });
  return json(await getServices().grading.regradePreview(quizId, scope.learnerIds));
});

/** Re-scores every attempt at a quiz against its current key and rubric, after the dry run was seen. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, regradeInput);
  const scope = await classScope(getStore(), context.locals.user, input.classId ?? context.url.searchParams.get('class'));
  const actor = scope.user;
  if (!input.confirm) {
    if (wantsRedirect(context.request)) {
      return new Response(null, { status: 303, headers: { location: `/instructor/regrade/?quiz=${encodeURIComponent(input.quizId)}` } });
    }
    throw new InvalidInputError('Look at the dry run first (GET /api/instructor/regrade?quizId=…), then send "confirm": true.');
  }
  // A regrade re-scores this class's attempts only: another class's grades are not this instructor's to change.
  const result = await getServices().grading.regrade(input.quizId, actor.id, scope.learnerIds);
  return done(context, input.redirect, `/instructor/stats/?quiz=${encodeURIComponent(input.quizId)}`, result);
});
