import { platformActionInput } from '../../../server/lti/admin-schemas';
import { getLti } from '../../../server/lti/instance';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { forgetFramePolicy } from '../../../server/http/frame-policy';

export const prerender = false;

/** Instructor: approve or refuse a registration, register a platform by hand, rotate our signing key. */
export const POST = route(async (context) => {
  requireInstructor(context.locals);
  const input = await readBody(context.request, platformActionInput);
  const lti = getLti();
  let result: unknown = { ok: true };
  if (input.action === 'approve' || input.action === 'refuse') {
    await lti.setPlatformStatus(input.platform, input.action === 'approve' ? 'approved' : 'refused');
    forgetFramePolicy(); // this process frames with the new list at once
  }
  else if (input.action === 'rotate-key') result = { kid: await lti.keys.rotate() };
  else result = { platform: await lti.registration.manual(input) };
  return done(context, input.redirect, '/instructor/lti/', result);
});
