import { submitInput } from '../../../../schemas/api';
import { json, readBody, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

export const POST = route(async ({ params, locals, request }) => {
  const user = requireUser(locals);
  const { answers } = await readBody(request, submitInput);
  const { grading } = getServices();
  const attempt = grading.submit(user.id, params.id!, answers);
  const timed = !!grading.quiz(params.id!).timeLimitMinutes;
  return json({ attempt, state: grading.learnerState(user.id, params.id!, { start: !timed }) }, { status: 201 });
});
