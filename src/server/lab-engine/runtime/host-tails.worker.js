// Runs inside workerd (host Worker): tail_consumers. After a run, each consumer's tail(events) receives
// the trace items of the Workers it consumes (the dispatcher's consumers also get the user Workers it
// dispatched to, as on the platform). Items are built by the host, from what the host observed.
import { host, load } from './host-state.js';

function traceItem(spec, inv, status, error) {
  return {
    scriptName: spec.name,
    ...(spec.role === 'user' ? { dispatchNamespace: spec.namespace } : {}),
    eventTimestamp: inv.startedAt ?? Date.now(),
    event: inv.rpcMethod ? { rpcMethod: inv.rpcMethod } : { request: { url: inv.url ?? '', method: inv.method ?? 'GET' }, ...(status !== null ? { response: { status } } : {}) },
    outcome: inv.violation === 'cpu' ? 'exceededCpu' : error ? 'exception' : 'ok',
    logs: inv.logs,
    exceptions: inv.exceptions,
  };
}

export async function deliverTails(env, ctx, run) {
  const byConsumer = new Map();
  for (const { spec, inv, status, error } of run.invocations) {
    const producer = spec.role === 'user' ? run.root : spec;
    for (const consumer of producer.tailConsumers ?? []) {
      if (!byConsumer.has(consumer)) byConsumer.set(consumer, []);
      byConsumer.get(consumer).push(traceItem(spec, inv, status, error));
    }
  }
  const deliveries = [...byConsumer].map(async ([consumer, events]) => {
    const spec = host.account?.workers[host.account.accounts[consumer]];
    if (!spec) return;
    await load(env, ctx, spec).getEntrypoint().wfpLabTail(events);
  });
  await Promise.allSettled(deliveries);
}
