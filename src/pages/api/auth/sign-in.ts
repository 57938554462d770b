import { signInInput } from '../../../schemas/api';
import { endSession, startSession } from '../../../server/auth/sessions';
import { clientAddress } from '../../../server/http/client-address';
import { deviceHash, ensureDevice } from '../../../server/http/device-cookie';
import { json, readBody } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { setSessionCookie } from '../../../server/http/session-cookie';
import { getServices } from '../../../server/services';
import { anonymousOwnerKey } from '../../../server/lab-api/lab-owner';
import { anonymousProgress } from '../../../server/progress/instance';

export const prerender = false;

export const POST = route(async ({ request, cookies, clientAddress: socketAddress, locals }) => {
  const input = await readBody(request, signInInput);
  const { auth, store } = getServices();
  const user = await auth.signIn(input, clientAddress(request, socketAddress), deviceHash(cookies));
  await store.accountSecurity.rememberDevice(ensureDevice(cookies, locals.site), user.id);
  // A fresh session on every sign-in: an old token (possibly planted) never becomes authenticated.
  await endSession(store.sessions, locals.sessionToken ?? undefined);
  await store.sessions.deleteExpired(); // Housekeeping at a moment that is rare and already slow (scrypt).
  const session = await startSession(store.sessions, user.id);
  setSessionCookie(cookies, locals.site, session.token);
  // What this browser did before signing in (its own lab session's passes, solution views, lessons) moves here.
  const claimed = await anonymousProgress().claim(anonymousOwnerKey(cookies), user.id);
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role }, csrfToken: session.csrfToken, claimed });
});
