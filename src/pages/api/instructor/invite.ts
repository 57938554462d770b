import { inviteInput } from '../../../schemas/api';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';
import { hashToken } from '../../../server/auth/sessions';

export const prerender = false;

/** Creates a one-time sign-up link for an email, with the learner or instructor role. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, inviteInput);
  const scope = await classScope(getStore(), context.locals.user, input.classId ?? context.url.searchParams.get('class'));
  const actor = scope.user;
  const { token, expiresAt } = await getServices().auth.invite(actor.id, input.email, input.role);
  // The invitation brings its account into this class (as a learner, or as a co-instructor).
  await getStore().classes.addInvite(hashToken(token), scope.current.id);
  const link = new URL(`/sign-up/?invite=${encodeURIComponent(token)}`, context.url).href;
  // Forms come back to the dashboard, which shows the link once.
  const back = `/instructor/?class=${scope.current.id}&invited=${encodeURIComponent(input.email)}&link=${encodeURIComponent(link)}`;
  return done(context, back, back, { link, expiresAt });
});
