import { z } from 'zod';
import type { AccountState, StoredWorker } from '../lab-engine/account-state';
import type { Binding } from '../lab-engine/schemas';
import { jsonBody } from './body';
import { uploadSource, type ApiHandler, type ApiRequest } from './context';
import { notFound, ok, okList } from './envelope';
import type { Route } from './router';
import { secretsResult } from './shapes';

/**
 * Secrets of account Workers and of user Workers in a namespace. Like the platform, a secret change
 * makes a new version of the Worker with the same code and deploys it.
 */
const secretName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'secret names are JavaScript identifiers').max(256);
const putSchema = z.object({ name: secretName, text: z.string().max(5 * 1024, 'a secret is at most 5 KiB'), type: z.literal('secret_text').default('secret_text') });
const bulkSchema = z.object({ secrets: z.record(secretName, z.object({ name: secretName.optional(), text: z.string().max(5 * 1024), type: z.literal('secret_text').optional() }).nullable()) });

type Target = { get(s: AccountState): StoredWorker; put(s: AccountState, w: StoredWorker, bindings: Binding[], source: 'wrangler' | 'api'): StoredWorker };

const accountTarget = (req: ApiRequest): Target => ({
  get: (s) => s.getAccountWorker(req.params.script!),
  put: (s, w, bindings, source) =>
    s.putAccountWorker(w.name, { metadata: { ...w.metadata, bindings, tags: w.tags }, modules: w.modules }, source, { trigger: 'secret' }),
});

const userTarget = (req: ApiRequest): Target => ({
  get: (s) => s.getUserWorker(req.params.ns!, req.params.script!),
  put: (s, w, bindings, source) =>
    s.putUserWorker(req.params.ns!, w.name, { metadata: { ...w.metadata, bindings, tags: w.tags }, modules: w.modules }, source, { trigger: 'secret' }),
});

function withSecrets(bindings: Binding[] | undefined, set: Record<string, string | null>): Binding[] {
  const kept = (bindings ?? []).filter((b) => !(b.name in set));
  const added = Object.entries(set).flatMap(([name, text]) => (text === null ? [] : [{ type: 'secret_text' as const, name, text }]));
  return [...kept, ...added];
}

const put = (target: (req: ApiRequest) => Target): ApiHandler => async (req) => {
  const body = await jsonBody(req.request, putSchema, 'secret');
  const t = target(req);
  await req.account.change((s) => {
    const w = t.get(s);
    return t.put(s, w, withSecrets(w.metadata.bindings, { [body.name]: body.text }), uploadSource(req.request));
  });
  return ok({ name: body.name, type: 'secret_text' });
};

const list = (target: (req: ApiRequest) => Target): ApiHandler => async (req) => okList(secretsResult(req.account.read((s) => target(req).get(s)).metadata.bindings), req.query);

const getOne = (target: (req: ApiRequest) => Target): ApiHandler => async (req) => {
  const found = secretsResult(req.account.read((s) => target(req).get(s)).metadata.bindings).find((b) => b.name === req.params.secret);
  if (!found) throw notFound(`Secret ${req.params.secret} was not found.`, 10056);
  return ok(found);
};

const remove = (target: (req: ApiRequest) => Target): ApiHandler => async (req) => {
  const t = target(req);
  await req.account.change((s) => {
    const w = t.get(s);
    if (!(w.metadata.bindings ?? []).some((b) => b.type === 'secret_text' && b.name === req.params.secret))
      throw notFound(`Secret ${req.params.secret} was not found on Worker "${w.name}".`, 10056);
    return t.put(s, w, withSecrets(w.metadata.bindings, { [req.params.secret!]: null }), uploadSource(req.request));
  });
  return ok(null);
};

/** `PATCH …/secrets-bulk` (wrangler secret bulk): a merge patch; null deletes. */
const bulk: ApiHandler = async (req) => {
  const { secrets } = await jsonBody(req.request, bulkSchema, 'secrets');
  const set = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, v === null ? null : v.text]));
  const t = accountTarget(req);
  const w = await req.account.change((s) => {
    const current = t.get(s);
    return t.put(s, current, withSecrets(current.metadata.bindings, set), uploadSource(req.request));
  });
  return ok(secretsResult(w.metadata.bindings));
};

const account = '/accounts/:account_id/workers/scripts/:script/secrets';
const user = '/accounts/:account_id/workers/dispatch/namespaces/:ns/scripts/:script/secrets';

export const secretRoutes: Route[] = [
  { method: 'PUT', pattern: account, handler: put(accountTarget) },
  { method: 'GET', pattern: account, handler: list(accountTarget) },
  { method: 'GET', pattern: `${account}/:secret`, handler: getOne(accountTarget) },
  { method: 'DELETE', pattern: `${account}/:secret`, handler: remove(accountTarget) },
  { method: 'PATCH', pattern: '/accounts/:account_id/workers/scripts/:script/secrets-bulk', handler: bulk },
  { method: 'PUT', pattern: user, handler: put(userTarget) },
  { method: 'GET', pattern: user, handler: list(userTarget) },
  { method: 'GET', pattern: `${user}/:secret`, handler: getOne(userTarget) },
  { method: 'DELETE', pattern: `${user}/:secret`, handler: remove(userTarget) },
];
