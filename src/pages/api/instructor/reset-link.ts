import { resetLinkInput } from '../../../schemas/api';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

/** A one-time password reset link for an account, for the instructor to pass on. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, resetLinkInput);
  const { user: actor } = await scopeForLearner(getStore(), context.locals.user, input.userId, input.classId ?? context.url.searchParams.get('class'));
  const { token, expiresAt } = await getServices().auth.issueReset(actor.id, input.userId);
  const link = new URL(`/reset-password/?token=${encodeURIComponent(token)}`, context.url).href;
  const back = `/instructor/?reset=${input.userId}&link=${encodeURIComponent(link)}`;
  return done(context, back, back, { link, expiresAt });
});
