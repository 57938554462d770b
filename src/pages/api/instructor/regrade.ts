import { regradeInput, regradePreviewInput } from '../../../schemas/api';
import { InvalidInputError } from '../../../server/errors';
import { json, readBody, requireInstructor, wantsRedirect } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** The dry run: who would change, and by how much. Nothing is written. */
export const GET = route(async ({ locals, url }) => {
  requireInstructor(locals);
  const { quizId } = regradePreviewInput.parse({ quizId: url.searchParams.get('quizId') ?? '' });
  return json(await getServices().grading.regradePreview(quizId));
});

/** Re-scores every attempt at a quiz against its current key and rubric, after the dry run was seen. */
export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, regradeInput);
  if (!input.confirm) {
    if (wantsRedirect(context.request)) {
      return new Response(null, { status: 303, headers: { location: `/instructor/regrade/?quiz=${encodeURIComponent(input.quizId)}` } });
    }
    throw new InvalidInputError('Look at the dry run first (GET /api/instructor/regrade?quizId=…), then send "confirm": true.');
  }
  const result = await getServices().grading.regrade(input.quizId, actor.id);
  return done(context, input.redirect, `/instructor/stats/?quiz=${encodeURIComponent(input.quizId)}`, result);
});
