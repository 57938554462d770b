import type { Scenario, ScriptSpec } from './scenarios';
import type { Target } from './targets';
import { compareOutcomes, type Difference } from './diff';

/**
 * Deploys each scenario to both targets through the Cloudflare API (names prefixed so a real account
 * keeps them apart), sends the same requests to both, collects every difference and deletes what it made.
 */
export interface CompareReport {
  differences: Difference[];
  compared: number;
  skipped: Array<{ id: string; reason: string }>;
}

function names(prefix: string, s: Scenario) {
  const ns = `${prefix}-${s.id}`.slice(0, 63);
  const account = (name: string) => `${prefix}-${s.id}-${name}`.slice(0, 63);
  const rewrite = (b: Record<string, unknown>) => {
    if (b.type === 'dispatch_namespace') {
      const outbound = b.outbound as { worker: { service: string } } | undefined;
      return { ...b, namespace: ns, ...(outbound ? { outbound: { ...outbound, worker: { service: account(outbound.worker.service) } } } : {}) };
    }
    if (b.type === 'service') return { ...b, service: account(String(b.service)) };
    return b;
  };
  return { ns, account, rewrite };
}

function form(spec: ScriptSpec, rewrite: (b: Record<string, unknown>) => Record<string, unknown>, tailConsumers?: Array<{ service: string }>): FormData {
  const modules = Object.entries(spec.modules);
  const metadata = {
    main_module: modules[0]![0],
    compatibility_date: spec.compatibility_date ?? '2026-07-01',
    ...(spec.compatibility_flags?.length ? { compatibility_flags: spec.compatibility_flags } : {}),
    bindings: (spec.bindings ?? []).map(rewrite),
    ...(spec.tags?.length ? { tags: spec.tags } : {}),
    ...(tailConsumers ? { tail_consumers: tailConsumers } : {}),
  };
  const f = new FormData();
  f.append('metadata', new File([JSON.stringify(metadata)], 'metadata.json', { type: 'application/json' }));
  for (const [name, code] of modules) f.append(name, new File([code], name, { type: 'application/javascript+module' }));
  return f;
}

async function deploy(target: Target, prefix: string, s: Scenario): Promise<string | null> {
  const { ns, account, rewrite } = names(prefix, s);
  const acct = `/accounts/${target.accountId}`;
  const fail = (what: string, r: { json: { errors: Array<{ code: number; message: string }> } }) => `${what}: ${r.json.errors.map((e) => `${e.message} [${e.code}]`).join('; ')}`;
  const created = await target.api('POST', `${acct}/workers/dispatch/namespaces`, JSON.stringify({ name: ns }), { 'content-type': 'application/json' });
  if (!created.json.success) return fail(`namespace ${ns}`, created);
  for (const w of s.accountWorkers) {
    const r = await target.api('PUT', `${acct}/workers/scripts/${account(w.name)}`, form(w, rewrite));
    if (!r.json.success) return fail(`account Worker ${w.name}`, r);
  }
  const d = await target.api('PUT', `${acct}/workers/scripts/${account(s.dispatcher.name)}`, form(s.dispatcher, rewrite));
  if (!d.json.success) return fail(`dispatch Worker ${s.dispatcher.name}`, d);
  for (const u of s.userWorkers) {
    const r = await target.api('PUT', `${acct}/workers/dispatch/namespaces/${ns}/scripts/${u.name}`, form(u, rewrite));
    if (!r.json.success) return fail(`user Worker ${u.name}`, r);
  }
  await target.prepare(account(s.dispatcher.name));
  return null;
}

async function remove(target: Target, prefix: string, s: Scenario) {
  const { ns, account } = names(prefix, s);
  const acct = `/accounts/${target.accountId}`;
  for (const u of s.userWorkers) await target.api('DELETE', `${acct}/workers/dispatch/namespaces/${ns}/scripts/${u.name}`).catch(() => {});
  await target.api('DELETE', `${acct}/workers/dispatch/namespaces/${ns}`).catch(() => {});
  for (const w of [s.dispatcher, ...s.accountWorkers]) await target.api('DELETE', `${acct}/workers/scripts/${account(w.name)}`).catch(() => {});
}

export async function compare(local: Target, remote: Target, scenarios: Scenario[], prefix: string, progress: (line: string) => void = () => {}): Promise<CompareReport> {
  const report: CompareReport = { differences: [], compared: 0, skipped: [] };
  for (const s of scenarios) {
    if (s.skip) {
      report.skipped.push({ id: s.id, reason: s.skip });
      continue;
    }
    progress(`${s.id}: deploying`);
    try {
      const [l, r] = await Promise.all([deploy(local, prefix, s), deploy(remote, prefix, s)]);
      if (l || r) {
        if ((l ?? '') !== (r ?? '')) report.differences.push({ scenario: s.id, request: '(deploy)', field: 'deploy', local: l ?? 'ok', remote: r ?? 'ok' });
        else report.skipped.push({ id: s.id, reason: `deploy failed on both: ${l}` });
        continue;
      }
      const dispatcher = names(prefix, s).account(s.dispatcher.name);
      for (const request of s.requests) {
        progress(`${s.id}: ${request.method} ${request.url}`);
        const [lo, ro] = [await local.send(dispatcher, request), await remote.send(dispatcher, request)];
        report.compared++;
        report.differences.push(...compareOutcomes(s.id, request, lo, ro));
      }
    } finally {
      await Promise.all([remove(local, prefix, s), remove(remote, prefix, s)]);
    }
  }
  await Promise.all([local.cleanup(), remote.cleanup()]);
  return report;
}
