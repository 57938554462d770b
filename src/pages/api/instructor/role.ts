import { roleInput } from '../../../schemas/api';
import { ConflictError } from '../../../server/errors';
import { readBody, requireInstructor, wantsRedirect } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Promotion asks for confirmation first (a form goes to the confirmation page); every change is audited. */
export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, roleInput);
  if (input.role === 'instructor' && !input.confirm) {
    if (wantsRedirect(context.request)) {
      return new Response(null, { status: 303, headers: { location: `/instructor/confirm-role/?user=${input.userId}` } });
    }
    throw new ConflictError('Promoting someone to instructor needs confirmation: send "confirm": true.', { needsConfirmation: true });
  }
  const user = await getServices().auth.setRole(actor.id, input.userId, input.role);
  return done(context, input.redirect, '/instructor/', { user });
});
