import { createHash } from 'node:crypto';
import type { WorkerOptions } from 'miniflare';
import hostSource from './runtime/host.worker.js?raw';
import hostStateSource from './runtime/host-state.worker.js?raw';
import hostEntrypointsSource from './runtime/host-entrypoints.worker.js?raw';
import hostProbeSource from './runtime/host-probe.worker.js?raw';
import hostStorageSource from './runtime/host-storage.worker.js?raw';
import hostTailsSource from './runtime/host-tails.worker.js?raw';
import hostQuotaSource from './runtime/host-quota.worker.js?raw';
import hostRateLimitSource from './runtime/host-ratelimit.worker.js?raw';
import preludeSource from './runtime/loaded-prelude.worker.js?raw';
import type { AccountState, StoredWorker } from './account-state';
import { namedClassExports } from './named-exports';
import type { ValidWorkerUpload, WorkerModule } from './schemas';

export const HOST_WORKER = '__lab_host';
/** When an upload leaves out compatibility_date, the platform uses the oldest date. */
export const DEFAULT_COMPATIBILITY_DATE = '2021-11-02';

const RPC_DEFAULT_DATE = '2024-04-03';

export type WorkerRole = 'dispatcher' | 'user' | 'outbound';

export const accountWorkerId = (name: string) => `account:${name}`;
export const userWorkerId = (namespace: string, name: string) => `user:${namespace}:${name}`;

/** KV namespaces and D1 databases live in fixed binding slots of the host, so creating one needs no restart. */
export interface StorageSlots {
  kv: Map<string, number>;
  d1: Map<string, number>;
  kvCapacity: number;
  d1Capacity: number;
}

export const slotBinding = (kind: 'kv' | 'd1', slot: number) => `${kind === 'kv' ? 'KV' : 'D1'}_${slot}`;

/** The generic host Worker: the same for every account, so it changes only when slots run out. */
export function hostWorkerOptions(
  slots: StorageSlots,
  cloudflareApi: (request: Request) => Promise<Response>,
  secret: string,
  quota: (request: Request) => Promise<Response>,
): WorkerOptions {
  const modules = [
    ['host.js', hostSource],
    ['host-state.js', hostStateSource],
    ['host-entrypoints.js', hostEntrypointsSource],
    ['host-probe.js', hostProbeSource],
    ['host-storage.js', hostStorageSource],
    ['host-tails.js', hostTailsSource],
    ['host-quota.js', hostQuotaSource],
    ['host-ratelimit.js', hostRateLimitSource],
  ].map(([name, contents]) => ({ type: 'ESModule' as const, path: `/lab/${name}`, contents: contents! }));
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return {
    name: HOST_WORKER,
    modules,
    modulesRoot: '/lab',
    compatibilityDate: '2026-07-01',
    // The Worker Loader binding; Miniflare runs workerd with --experimental, which it needs.
    workerLoaders: { LOADER: {} },
    // Slot ids are stable per sandbox, so the data persisted under them survives restarts.
    kvNamespaces: Object.fromEntries(range(slots.kvCapacity).map((i) => [slotBinding('kv', i), `slot-kv-${i}`])),
    d1Databases: Object.fromEntries(range(slots.d1Capacity).map((i) => [slotBinding('d1', i), `slot-d1-${i}`])),
    // QUOTA: every storage write asks the sandbox's quota first (src/server/lab-engine/quota).
    serviceBindings: { CF_API: cloudflareApi, QUOTA: quota },
    // The control channel's per-start secret (host.worker.js); lab Workers get their own env, never this one.
    bindings: { LAB_HOST_SECRET: secret },
  } as WorkerOptions;
}

/** Gives every KV namespace and D1 database of the account a slot (kept for the sandbox's life). */
export function assignSlots(state: AccountState, slots: StorageSlots): boolean {
  let grown = false;
  for (const kv of state.listKvNamespaces()) if (!slots.kv.has(kv.id)) slots.kv.set(kv.id, slots.kv.size);
  for (const db of state.listD1Databases()) if (!slots.d1.has(db.uuid)) slots.d1.set(db.uuid, slots.d1.size);
  while (slots.kv.size > slots.kvCapacity) ((slots.kvCapacity *= 2), (grown = true));
  while (slots.d1.size > slots.d1Capacity) ((slots.d1Capacity *= 2), (grown = true));
  return grown;
}

type LoaderModule = { kind: 'js' | 'cjs' | 'text' | 'data' | 'json' | 'wasm'; content: string };
const KIND: Record<WorkerModule['type'], LoaderModule['kind']> = { esm: 'js', commonjs: 'cjs', text: 'text', data: 'data', json: 'json', wasm: 'wasm' };

function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/__LAB_([A-Z_]+)__/g, (whole, key: string) => (key in values ? JSON.stringify(values[key]) : whole));
}

function workerSpec(key: string, worker: StoredWorker, role: WorkerRole, slots: StorageSlots, logLines: number) {
  const main = JSON.stringify(`./${worker.metadata.main_module}`);
  const mainModule = worker.modules.find((m) => m.name === worker.metadata.main_module);
  // Named entrypoint classes get the binding facades too (a local export shadows the star export).
  const named = mainModule?.type === 'esm' ? namedClassExports(mainModule.content) : [];
  const entry = [
    `import { wrapDefault } from './__lab_prelude.js';`,
    `import * as main from ${main};`,
    `export * from ${main};`,
    `export default wrapDefault(main.default);`,
    ...named.map((n) => `export const ${n} = wrapDefault(main.${n});`),
  ].join('\n');
  const modules: Record<string, LoaderModule> = {
    '__lab_entry.js': { kind: 'js', content: entry },
    '__lab_prelude.js': { kind: 'js', content: fill(preludeSource, { WORKER: worker.name, ROLE: role, LOG_LINES: logLines }) },
  };
  for (const m of worker.modules) modules[m.name] = { kind: KIND[m.type], content: m.content };
  const date = worker.metadata.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE;
  const flags = [...(worker.metadata.compatibility_flags ?? [])];
  // Bindings reach lab Workers as RPC stubs, which need JS RPC (default from 2024-04-03). Older Workers
  // get the flag; naming it on a newer date is an error in workerd, so only then.
  if (date < RPC_DEFAULT_DATE && !flags.includes('rpc')) flags.push('rpc');
  const bindings = (worker.metadata.bindings ?? []).map((b) => {
    if (b.type === 'kv_namespace') return { ...b, slot: slots.kv.get(b.namespace_id) };
    if (b.type === 'd1') return { ...b, slot: slots.d1.get(b.id) };
    return b;
  });
  const spec = {
    key,
    name: worker.name,
    role,
    namespace: worker.namespace,
    compatibilityDate: date,
    compatibilityFlags: flags,
    modules,
    bindings,
    tailConsumers: (worker.metadata.tail_consumers ?? []).map((t) => t.service),
  };
  // The loader id: the same code and config reuse the isolate; any change is a new one, loaded in ms.
  const id = createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
  return { ...spec, id };
}

/** Where an upload goes: its script name and, for user Workers, its dispatch namespace. */
export interface UploadTarget {
  name: string;
  namespace: string | null;
}

/**
 * The spec an upload will run under, so the upload probe loads exactly the isolate the next run uses
 * (one isolate per edit, not two). A wrong guess of the role only costs an extra isolate.
 */
export function uploadSpec(state: AccountState, slots: StorageSlots, logLines: number, target: UploadTarget, upload: ValidWorkerUpload) {
  const worker = { name: target.name, namespace: target.namespace, metadata: upload.metadata, modules: upload.modules } as StoredWorker;
  const isOutbound = state
    .listAccountWorkers()
    .some((w) => (w.metadata.bindings ?? []).some((b) => b.type === 'dispatch_namespace' && b.outbound?.worker.service === target.name));
  const role: WorkerRole = target.namespace !== null ? 'user' : isOutbound ? 'outbound' : 'dispatcher';
  const key = target.namespace !== null ? userWorkerId(target.namespace, target.name) : accountWorkerId(target.name);
  return workerSpec(key, worker, role, slots, logLines);
}

/** The account as data for the host: every lab Worker's spec, who is where, stub origins. */
export function accountSpec(state: AccountState, slots: StorageSlots, logLines: number) {
  const accountWorkers = state.listAccountWorkers();
  const outboundServices = new Set<string>();
  for (const w of accountWorkers)
    for (const b of w.metadata.bindings ?? []) if (b.type === 'dispatch_namespace' && b.outbound) outboundServices.add(b.outbound.worker.service);

  const workers: Record<string, ReturnType<typeof workerSpec>> = {};
  const accounts: Record<string, string> = {};
  const namespaces: Record<string, Record<string, string>> = {};
  for (const w of accountWorkers) {
    const key = accountWorkerId(w.name);
    workers[key] = workerSpec(key, w, outboundServices.has(w.name) ? 'outbound' : 'dispatcher', slots, logLines);
    accounts[w.name] = key;
  }
  for (const ns of state.listNamespaces()) {
    namespaces[ns.name] = {};
    for (const w of ns.scripts.values()) {
      const key = userWorkerId(ns.name, w.name);
      workers[key] = workerSpec(key, w, 'user', slots, logLines);
      namespaces[ns.name]![w.name] = key;
    }
  }
  return { version: state.version, workers, accounts, namespaces, stubs: state.stubOrigins, logLines };
}
