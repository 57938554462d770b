import { json, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

/** The signed-in learner's own draft and attempts at this quiz (answer keys only for graded questions). */
export const GET = route(({ params, locals }) => {
  const user = requireUser(locals);
  return json(getServices().grading.learnerState(user.id, params.id!));
});
