import { endSession } from '../../../server/auth/sessions';
import { route } from '../../../server/http/route';
import { json } from '../../../server/http/request';
import { clearSessionCookie } from '../../../server/http/session-cookie';
import { getServices } from '../../../server/services';

export const prerender = false;

export const POST = route(async ({ cookies, locals }) => {
  await endSession(getServices().store.sessions, locals.sessionToken ?? undefined);
  clearSessionCookie(cookies);
  return json({ ok: true });
});
