import { z } from 'zod';
import { scriptNameSchema } from '../lab-engine/schemas';
import { parseOrThrow } from '../lab-engine/validate';
import { jsonBody } from './body';
import type { ApiHandler } from './context';
import { ok, okList } from './envelope';
import type { Route } from './router';
import { namespaceResult } from './shapes';

const createSchema = z.object({ name: z.string({ error: 'name is required' }) });
const updateSchema = z
  .object({ name: z.string().optional(), trusted_workers: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.trusted_workers !== undefined, 'give "name" (rename) and/or "trusted_workers"');

const base = '/accounts/:account_id/workers/dispatch/namespaces';

const create: ApiHandler = async ({ request, account }) => {
  const { name } = await jsonBody(request, createSchema, 'request body');
  const valid = parseOrThrow(scriptNameSchema, name, 'namespace name');
  const ns = await account.change((s) => s.createNamespace(valid));
  return ok(namespaceResult(ns, account.accountId));
};

const list: ApiHandler = async ({ account, query }) =>
  okList(account.read((s) => s.listNamespaces().map((ns) => namespaceResult(ns, account.accountId))), query);

const get: ApiHandler = async ({ params, account }) => ok(account.read((s) => namespaceResult(s.getNamespace(params.ns!), account.accountId)));

const remove: ApiHandler = async ({ params, account }) => {
  await account.change((s) => s.deleteNamespace(params.ns!));
  return ok(null);
};

/** Rename and/or switch trusted mode (the docs' `PUT …/namespaces/{ns}`, used by `wrangler dispatch-namespace rename`). */
const update: ApiHandler = async ({ params, request, account }) => {
  const body = await jsonBody(request, updateSchema, 'request body');
  const to = body.name === undefined ? params.ns! : parseOrThrow(scriptNameSchema, body.name, 'namespace name');
  const ns = await account.change((s) => {
    s.getNamespace(params.ns!);
    const renamed = to === params.ns ? s.getNamespace(to) : s.renameNamespace(params.ns!, to);
    return body.trusted_workers === undefined ? renamed : s.setNamespaceTrustedWorkers(to, body.trusted_workers);
  });
  return ok(namespaceResult(ns, account.accountId));
};

export const namespaceRoutes: Route[] = [
  { method: 'POST', pattern: base, handler: create },
  { method: 'GET', pattern: base, handler: list },
  { method: 'GET', pattern: `${base}/:ns`, handler: get },
  { method: 'DELETE', pattern: `${base}/:ns`, handler: remove },
  { method: 'PUT', pattern: `${base}/:ns`, handler: update },
];
