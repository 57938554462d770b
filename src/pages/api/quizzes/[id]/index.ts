import { json, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

/**
 * The signed-in learner's own draft and attempts (only what the quiz's review options show now). An untimed quiz
 * opens the next attempt here, fixing its shuffled option order; a timed one waits for POST …/start.
 */
export const GET = route(({ params, locals }) => {
  const user = requireUser(locals);
  const { grading } = getServices();
  const timed = !!grading.quiz(params.id!).timeLimitMinutes;
  return json(grading.learnerState(user.id, params.id!, { start: !timed }));
});
