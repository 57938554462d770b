import { roleInput } from '../../../schemas/api';
import { ConflictError } from '../../../server/errors';
import { readBody, wantsRedirect } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

/** Promotion asks for confirmation first (a form goes to the confirmation page); every change is audited. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, roleInput);
  const scope = await scopeForLearner(getStore(), context.locals.user, input.userId, input.classId ?? context.url.searchParams.get('class'));
  const actor = scope.user;
  if (input.role === 'instructor' && !input.confirm) {
    if (wantsRedirect(context.request)) {
      return new Response(null, { status: 303, headers: { location: `/instructor/confirm-role/?user=${input.userId}` } });
    }
    throw new ConflictError('Promoting someone to instructor needs confirmation: send "confirm": true.', { needsConfirmation: true });
  }
  const user = await getServices().auth.setRole(actor.id, input.userId, input.role);
  // In the class: a co-instructor, or back to learner.
  await getStore().classes.setMemberRole(scope.current.id, input.userId, input.role);
  return done(context, input.redirect, '/instructor/', { user });
});
