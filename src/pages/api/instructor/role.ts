import { roleInput } from '../../../schemas/api';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, roleInput);
  const user = getServices().auth.setRole(actor.id, input.userId, input.role);
  return done(context, input.redirect, '/instructor/', { user });
});
