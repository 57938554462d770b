import { stateToPublic } from '../../../../server/grading/public-ids';
import { json, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

/**
 * The signed-in learner's own draft and attempts (only what the quiz's review options show now). An untimed quiz
 * opens the next attempt here, fixing its shuffled option order; a timed one waits for POST …/start.
 */
export const GET = route(async ({ params, locals }) => {
  const user = requireUser(locals);
  const { grading } = getServices();
  const quiz = grading.quiz(params.id!);
  return json(stateToPublic(quiz, await grading.learnerState(user.id, quiz.id, { start: !quiz.timeLimitMinutes })));
});
