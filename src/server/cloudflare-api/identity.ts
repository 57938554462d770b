import type { ApiHandler } from './context';
import { ok, okList } from './envelope';
import type { Route } from './router';

/** The account and token calls clients make before the real work (wrangler checks who it is). */
const accountResult = (id: string) => ({
  id,
  name: 'Lab sandbox',
  type: 'standard',
  settings: { enforce_twofactor: false },
  created_on: new Date(0).toISOString(),
});

const verifyToken: ApiHandler = async () => ok({ id: 'lab-sandbox-token', status: 'active' });

const listAccounts: ApiHandler = async ({ account }) => okList([accountResult(account.accountId)]);

const getAccount: ApiHandler = async ({ account }) => ok(accountResult(account.accountId));

const memberships: ApiHandler = async ({ account }) =>
  okList([{ id: account.accountId, status: 'accepted', account: { id: account.accountId, name: 'Lab sandbox' }, permissions: {} }]);

export const identityRoutes: Route[] = [
  { method: 'GET', pattern: '/user/tokens/verify', handler: verifyToken },
  { method: 'GET', pattern: '/accounts/:account_id/tokens/verify', handler: verifyToken },
  { method: 'GET', pattern: '/accounts', handler: listAccounts },
  { method: 'GET', pattern: '/accounts/:account_id', handler: getAccount },
  { method: 'GET', pattern: '/memberships', handler: memberships },
];
