import { json, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

/** Starts the next attempt (the time limit counts from here); starting again returns the same attempt. */
export const POST = route(({ params, locals }) => {
  const user = requireUser(locals);
  return json(getServices().grading.learnerState(user.id, params.id!, { start: true }));
});
