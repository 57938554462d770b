import { submitInput } from '../../../../schemas/api';
import { answersFromPublic, attemptToPublic, stateToPublic } from '../../../../server/grading/public-ids';
import { json, readBody, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

export const POST = route(async ({ params, locals, request }) => {
  const user = requireUser(locals);
  const { answers } = await readBody(request, submitInput);
  const { grading } = getServices();
  const quiz = grading.quiz(params.id!);
  const attempt = await grading.submit(user.id, quiz.id, answersFromPublic(quiz, answers));
  const state = await grading.learnerState(user.id, quiz.id, { start: !quiz.timeLimitMinutes });
  return json({ attempt: attemptToPublic(quiz, attempt), state: stateToPublic(quiz, state) }, { status: 201 });
});
