import { regradeInput, regradePreviewInput } from '../../../schemas/api';
import { InvalidInputError } from '../../../server/errors';
import type { Adjustment } from '../../../server/grading/adjustments';
import { json, readBody, wantsRedirect } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

/** The optional decision beyond the key: full credit, drop a question, or accept an extra option. */
function adjustmentOf(input: { adjust?: string | undefined; question?: string | undefined; option?: string | undefined }): Adjustment | undefined {
  if (!input.adjust || input.adjust === 'key') return undefined;
  if (!input.question) throw new InvalidInputError('Choose the question to adjust.');
  if (input.adjust === 'accept-option' && !input.option) throw new InvalidInputError('Choose the option to accept.');
  return { questionId: input.question, kind: input.adjust as Adjustment['kind'], ...(input.option ? { optionId: input.option } : {}) };
}

/** The dry run: who would change, and by how much. Nothing is written. */
export const GET = route(async ({ locals, url }) => {
  const scope = await classScope(getStore(), locals.user, url.searchParams.get('class'));
  const params = Object.fromEntries([...url.searchParams].filter(([k]) => ['quizId', 'adjust', 'question', 'option'].includes(k)));
  const parsed = regradePreviewInput.safeParse({ quizId: '', ...params });
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]?.message ?? 'Invalid regrade request.');
  return json(await getServices().grading.regradePreview(parsed.data.quizId, adjustmentOf(parsed.data), scope.learnerIds));
});

/** Re-scores every attempt at a quiz against its current key and rubric (and the adjustment), after the dry run. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, regradeInput);
  const scope = await classScope(getStore(), context.locals.user, input.classId ?? context.url.searchParams.get('class'));
  const actor = scope.user;
  const adjustment = adjustmentOf(input);
  if (!input.confirm) {
    if (wantsRedirect(context.request)) {
      const q = new URLSearchParams({ quiz: input.quizId, ...(input.adjust ? { adjust: input.adjust } : {}), ...(input.question ? { question: input.question } : {}), ...(input.option ? { option: input.option } : {}) });
      return new Response(null, { status: 303, headers: { location: `/instructor/regrade/?${q}` } });
    }
    throw new InvalidInputError('Look at the dry run first (GET /api/instructor/regrade?quizId=…), then send "confirm": true.');
  }
  // A regrade re-scores this class's attempts only: another class's grades are not this instructor's to change.
  const result = await getServices().grading.regrade(input.quizId, actor.id, adjustment, scope.learnerIds);
  return done(context, input.redirect, `/instructor/stats/?quiz=${encodeURIComponent(input.quizId)}`, result);
});
