import { signUpInput } from '../../../schemas/api';
import { endSession, startSession } from '../../../server/auth/sessions';
import { clientAddress } from '../../../server/http/client-address';
import { ensureDevice } from '../../../server/http/device-cookie';
import { json, readBody } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { setSessionCookie } from '../../../server/http/session-cookie';
import { getServices } from '../../../server/services';
import { anonymousOwnerKey } from '../../../server/lab-api/lab-owner';
import { anonymousProgress } from '../../../server/progress/instance';

export const prerender = false;

export const POST = route(async ({ request, cookies, clientAddress: socketAddress, locals }) => {
  const input = await readBody(request, signUpInput);
  const { auth, store } = getServices();
  const user = await auth.signUp(input, clientAddress(request, socketAddress));
  await store.accountSecurity.rememberDevice(ensureDevice(cookies, locals.site), user.id);
  await endSession(store.sessions, locals.sessionToken ?? undefined);
  const session = await startSession(store.sessions, user.id);
  setSessionCookie(cookies, locals.site, session.token);
  // What this browser did before signing in (its own lab session's passes, solution views, lessons) moves here.
  const claimed = await anonymousProgress().claim(anonymousOwnerKey(cookies), user.id);
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role }, csrfToken: session.csrfToken, claimed }, { status: 201 });
});
