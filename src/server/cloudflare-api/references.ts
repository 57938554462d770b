import type { ApiHandler } from './context';
import { notFound, ok, okList } from './envelope';
import type { Route } from './router';
import { tailSessions } from './tail-registry';

/**
 * What `wrangler delete` checks and calls: who depends on a Worker (service bindings, dispatch
 * outbounds, tail consumers), the account's Durable Object namespaces (none can be uploaded in the
 * lab) and the service delete itself.
 */
const references: ApiHandler = async ({ params, account }) => {
  const name = params.script!;
  const workers = account.read((s) => {
    s.getAccountWorker(name);
    return s.listAccountWorkers();
  });
  const incoming = workers.flatMap((w) => (w.metadata.bindings ?? []).flatMap((b) => (b.type === 'service' && b.service === name ? [{ service: w.name, environment: 'production', name: b.name }] : [])));
  const outbounds = workers.flatMap((w) =>
    (w.metadata.bindings ?? []).flatMap((b) => (b.type === 'dispatch_namespace' && b.outbound?.worker.service === name ? [{ namespace: b.namespace, name: w.name, params: b.outbound.params ?? [] }] : [])),
  );
  return ok({ services: { incoming, outgoing: [], pages_function: false }, durable_objects: [], dispatch_outbounds: outbounds });
};

const tailProducers: ApiHandler = async ({ params, account }) =>
  ok(
    account
      .read((s) => s.listAccountWorkers())
      .filter((w) => (w.metadata.tail_consumers ?? []).some((t) => t.service === params.script))
      .map((w) => ({ producer: { script: w.name }, consumer: { service: params.script } })),
  );

const durableObjectNamespaces: ApiHandler = async ({ query }) => okList([], query);

/** `DELETE /workers/services/{name}` (wrangler delete): the Worker and its live tails go. */
const deleteService: ApiHandler = async ({ params, account }) => {
  const exists = account.read((s) => s.listAccountWorkers().some((w) => w.name === params.script));
  if (!exists) throw notFound('This Worker does not exist on your account.', 10007);
  await account.change((s) => s.deleteAccountWorker(params.script!));
  for (const session of [...tailSessions().values()])
    if (session.accountId === account.accountId && session.script === params.script) (session.close?.(), tailSessions().delete(session.id));
  return ok(null);
};

export const referenceRoutes: Route[] = [
  { method: 'GET', pattern: '/accounts/:account_id/workers/scripts/:script/references', handler: references },
  { method: 'GET', pattern: '/accounts/:account_id/workers/tails/by-consumer/:script', handler: tailProducers },
  { method: 'GET', pattern: '/accounts/:account_id/workers/durable_objects/namespaces', handler: durableObjectNamespaces },
  { method: 'DELETE', pattern: '/accounts/:account_id/workers/services/:script', handler: deleteService },
];
