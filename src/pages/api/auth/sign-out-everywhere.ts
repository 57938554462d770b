import { requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { clearSessionCookie } from '../../../server/http/session-cookie';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Ends every session of the account, on every browser, this one included. */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const ended = await getServices().store.sessions.deleteAllForUser(user.id);
  clearSessionCookie(context.cookies);
  return done(context, '/sign-in/?notice=signed-out-everywhere', '/sign-in/', { ended });
});
