import { stateToPublic } from '../../../../server/grading/public-ids';
import { json, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

/** Starts the next attempt (the time limit counts from here); starting again returns the same attempt. */
export const POST = route(async ({ params, locals }) => {
  const user = requireUser(locals);
  const { grading } = getServices();
  const quiz = grading.quiz(params.id!);
  return json(stateToPublic(quiz, await grading.learnerState(user.id, quiz.id, { start: true })));
});
