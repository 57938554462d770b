import { inviteInput } from '../../../schemas/api';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Creates a one-time sign-up link for an email, with the learner or instructor role. */
export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, inviteInput);
  const { token, expiresAt } = await getServices().auth.invite(actor.id, input.email, input.role);
  const link = new URL(`/sign-up/?invite=${encodeURIComponent(token)}`, context.url).href;
  // Forms come back to the dashboard, which shows the link once.
  const back = `/instructor/?invited=${encodeURIComponent(input.email)}&link=${encodeURIComponent(link)}`;
  return done(context, back, back, { link, expiresAt });
});
