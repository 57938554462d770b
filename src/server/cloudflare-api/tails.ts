import { randomBytes } from 'node:crypto';
import { jsonBody } from './body';
import { publicApiBase, type ApiHandler } from './context';
import { apiError, notFound, ok, validation } from './envelope';
import type { Route } from './router';
import { tailRequestSchema, unsupportedFilter } from './tail-filters';
import { MAX_TAILS_PER_ACCOUNT, sweepTails, TAIL_TTL_MS, tailSessions } from './tail-registry';

/**
 * `wrangler tail <worker>`: POST …/tails creates a session and returns a WebSocket URL (protocol
 * `trace-v1`); the server's upgrade handler (src/server/lab-api/tail-socket.ts) streams each run of the
 * Worker to it as a trace event. The URL is a capability, like the platform's.
 */
const base = '/accounts/:account_id/workers/scripts/:script/tails';

const tailResult = (s: { id: string; expiresAt: number }, url?: string) => ({ id: s.id, ...(url ? { url } : {}), expires_at: new Date(s.expiresAt).toISOString() });

const create: ApiHandler = async ({ params, request, account }) => {
  const worker = account.read((s) => s.listAccountWorkers().find((w) => w.name === params.script));
  if (!worker) throw notFound('This Worker does not exist on your account.', 10007);
  if (!account.runs) throw apiError(501, 7000, 'Live tails are not available from inside a running Worker.');
  const { filters } = await jsonBody(request, tailRequestSchema, 'tail filters');
  if (unsupportedFilter(filters)) throw validation('Tail filters by client IP are not emulated: requests in the lab come from the lab itself.');
  sweepTails();
  const mine = [...tailSessions().values()].filter((s) => s.accountId === account.accountId && s.script === worker.name);
  if (mine.length >= MAX_TAILS_PER_ACCOUNT) throw apiError(429, 10057, `Too many live tails on "${worker.name}" (at most ${MAX_TAILS_PER_ACCOUNT}): stop one first.`);
  const id = randomBytes(18).toString('hex');
  const session = {
    id,
    accountId: account.accountId,
    script: worker.name,
    filters,
    expiresAt: Date.now() + TAIL_TTL_MS,
    versionId: worker.deployments.at(-1)?.versionId,
    subscribe: account.runs.subscribe,
  };
  tailSessions().set(id, session);
  // …/api/sandboxes/{id}/client/v4 → ws(s)://…/api/sandboxes/{id}/tail-sockets/{tail id}
  const base = new URL(publicApiBase(request));
  const sandboxPath = base.pathname.replace(/\/client\/v4$/, '');
  return ok(tailResult(session, `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}${sandboxPath}/tail-sockets/${id}`));
};

const list: ApiHandler = async ({ params, account }) => {
  sweepTails();
  return ok([...tailSessions().values()].filter((s) => s.accountId === account.accountId && s.script === params.script).map((s) => tailResult(s)));
};

const remove: ApiHandler = async ({ params, account }) => {
  const session = tailSessions().get(params.tail!);
  if (!session || session.accountId !== account.accountId || session.script !== params.script) throw notFound(`Tail ${params.tail} was not found.`, 10007);
  session.close?.();
  tailSessions().delete(session.id);
  return ok(null);
};

export const tailRoutes: Route[] = [
  { method: 'POST', pattern: base, handler: create },
  { method: 'GET', pattern: base, handler: list },
  { method: 'DELETE', pattern: `${base}/:tail`, handler: remove },
];
