import { passwordChangeInput } from '../../../schemas/api';
import { startSession } from '../../../server/auth/sessions';
import { readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { setSessionCookie } from '../../../server/http/session-cookie';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Changes the password; every session ends, and this browser gets a fresh one. */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, passwordChangeInput);
  const { auth, store } = getServices();
  await auth.changePassword(user.id, input.current, input.password);
  const session = await startSession(store.sessions, user.id);
  setSessionCookie(context.cookies, context.locals.site, session.token);
  return done(context, input.redirect, '/account/?notice=Password%20changed.', { ok: true, csrfToken: session.csrfToken });
});
