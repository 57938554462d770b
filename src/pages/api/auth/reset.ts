import { passwordResetInput } from '../../../schemas/api';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Sets a new password through a one-time link an instructor issued. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, passwordResetInput);
  const user = await getServices().auth.resetPassword(input.token, input.password);
  return done(context, '/sign-in/?notice=password-reset', '/sign-in/', { ok: true, email: user.email });
});
