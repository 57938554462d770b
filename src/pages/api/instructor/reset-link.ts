import { resetLinkInput } from '../../../schemas/api';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** A one-time password reset link for an account, for the instructor to pass on. */
export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, resetLinkInput);
  const { token, expiresAt } = await getServices().auth.issueReset(actor.id, input.userId);
  const link = new URL(`/reset-password/?token=${encodeURIComponent(token)}`, context.url).href;
  const back = `/instructor/?reset=${input.userId}&link=${encodeURIComponent(link)}`;
  return done(context, back, back, { link, expiresAt });
});
