import { platformActionInput } from '../../../server/lti/admin-schemas';
import { getLti } from '../../../server/lti/instance';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { forgetFramePolicy } from '../../../server/http/frame-policy';
import { requireAdmin } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

/** Instructor: approve or refuse a registration, register a platform by hand, rotate our signing key. */
export const POST = route(async (context) => {
  const user = await requireAdmin(getStore(), context.locals.user);
  const input = await readBody(context.request, platformActionInput);
  const lti = getLti();
  let result: unknown = { ok: true };
  if (input.action === 'approve' || input.action === 'refuse') await lti.setPlatformStatus(input.platform, input.action === 'approve' ? 'approved' : 'refused');
  else if (input.action === 'approve-change' || input.action === 'refuse-change') await lti.decideChange(input.change, input.action === 'approve-change', user.id);
  else if (input.action === 'replace') await lti.replacePlatform(input.platform, input.by);
  else if (input.action === 'rotate-key') result = { kid: await lti.keys.rotate() };
  else result = { platform: await lti.registration.manual(input, user.id) };
  if (input.action !== 'rotate-key') forgetFramePolicy(); // this process frames with the new list at once
  return done(context, input.redirect, '/instructor/lti/', result);
});
