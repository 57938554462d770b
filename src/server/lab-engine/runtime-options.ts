import type { WorkerOptions } from 'miniflare';
import preludeSource from './runtime/prelude.worker.js?raw';
import namespaceSource from './runtime/namespace.worker.js?raw';
import egressSource from './runtime/egress.worker.js?raw';
import controlSource from './runtime/control.worker.js?raw';
import probeSource from './runtime/probe.worker.js?raw';
import type { AccountState, StoredWorker } from './account-state';
import type { WorkerModule } from './schemas';

export const CTX_HEADER = 'x-wfp-lab-context';
export const EGRESS_WORKER = '__lab_egress';
export const CONTROL_WORKER = '__lab_control';
export const PROBE_WORKER = '__lab_probe';
/** When an upload leaves out compatibility_date, the platform uses the oldest date. */
export const DEFAULT_COMPATIBILITY_DATE = '2021-11-02';
/** Lab Workers need AsyncLocalStorage for per-invocation accounting; nothing else changes for them. */
export const LAB_FLAGS = ['nodejs_als'];

export type WorkerRole = 'dispatcher' | 'user' | 'outbound';

export const accountWorkerId = (name: string) => `account:${name}`;
export const userWorkerId = (namespace: string, name: string) => `user:${namespace}:${name}`;
export const controlKvBinding = (id: string) => `KV_${id.replaceAll('-', '')}`;
export const controlD1Binding = (id: string) => `D1_${id.replaceAll('-', '')}`;
const namespaceWorkerId = (namespace: string) => `__lab_ns:${namespace}`;

export interface RuntimeOptionsInput {
  state: AccountState;
  mark: string;
  logLinesPerInvocation: number;
  cloudflareApi: (request: Request) => Promise<Response>;
}

const ROOT = '/lab';
type ModuleDef = { type: 'ESModule' | 'CommonJS' | 'Text' | 'Data' | 'CompiledWasm'; path: string; contents: string | Uint8Array };

function toModuleDef(m: WorkerModule): ModuleDef {
  const path = `${ROOT}/${m.name}`;
  switch (m.type) {
    case 'commonjs':
      return { type: 'CommonJS', path, contents: m.content };
    case 'text':
      return { type: 'Text', path, contents: m.content };
    case 'data':
      return { type: 'Data', path, contents: Buffer.from(m.content, 'base64') };
    case 'wasm':
      return { type: 'CompiledWasm', path, contents: Buffer.from(m.content, 'base64') };
    case 'json':
      return { type: 'ESModule', path, contents: `export default ${m.content};` };
    default:
      return { type: 'ESModule', path, contents: m.content };
  }
}

function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/__LAB_([A-Z_]+)__/g, (whole, key: string) => (key in values ? JSON.stringify(values[key]) : whole));
}

/** Every lab Worker starts from a generated entry: the prelude first, then the learner's module. */
function labModules(worker: StoredWorker, role: WorkerRole, input: RuntimeOptionsInput): ModuleDef[] {
  const main = JSON.stringify(`./${worker.metadata.main_module}`);
  const entry = [
    `import { wrapDefault } from './__lab_prelude.js';`,
    `import * as main from ${main};`,
    `export * from ${main};`,
    `export default wrapDefault(main.default);`,
  ].join('\n');
  const prelude = fill(preludeSource, {
    WORKER: worker.name,
    ROLE: role,
    MARK: input.mark,
    CTX_HEADER: CTX_HEADER,
    LOG_LINES: input.logLinesPerInvocation,
  });
  return [
    { type: 'ESModule', path: `${ROOT}/__lab_entry.js`, contents: entry },
    { type: 'ESModule', path: `${ROOT}/__lab_prelude.js`, contents: prelude },
    ...worker.modules.map(toModuleDef),
  ];
}

function bindingOptions(worker: StoredWorker, input: RuntimeOptionsInput): Partial<WorkerOptions> {
  const bindings: Record<string, unknown> = {};
  const kvNamespaces: Record<string, string> = {};
  const d1Databases: Record<string, string> = {};
  const serviceBindings: Record<string, string> = {};
  const wrappedBindings: NonNullable<WorkerOptions['wrappedBindings']> = {};
  for (const b of worker.metadata.bindings ?? []) {
    switch (b.type) {
      case 'plain_text':
      case 'secret_text':
        bindings[b.name] = b.text;
        break;
      case 'json':
        bindings[b.name] = b.json;
        break;
      case 'kv_namespace':
        kvNamespaces[b.name] = b.namespace_id;
        break;
      case 'd1':
        d1Databases[b.name] = b.id;
        break;
      case 'service':
        serviceBindings[b.name] = accountWorkerId(b.service);
        break;
      case 'dispatch_namespace':
        wrappedBindings[b.name] = {
          scriptName: namespaceWorkerId(b.namespace),
          bindings: {
            CONFIG: {
              namespace: b.namespace,
              mark: input.mark,
              ctxHeader: CTX_HEADER,
              outbound: b.outbound
                ? { service: b.outbound.worker.service, params: (b.outbound.params ?? []).map((p) => p.name) }
                : null,
            },
          },
        };
        break;
    }
  }
  return { bindings: bindings as WorkerOptions['bindings'], kvNamespaces, d1Databases, serviceBindings, wrappedBindings };
}

function roleOf(worker: StoredWorker, outboundServices: Set<string>): WorkerRole {
  if (worker.namespace !== null) return 'user';
  return outboundServices.has(worker.name) ? 'outbound' : 'dispatcher';
}

function labWorker(id: string, worker: StoredWorker, role: WorkerRole, input: RuntimeOptionsInput): WorkerOptions {
  return {
    name: id,
    modules: labModules(worker, role, input),
    modulesRoot: ROOT,
    compatibilityDate: worker.metadata.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE,
    compatibilityFlags: [...new Set([...(worker.metadata.compatibility_flags ?? []), ...LAB_FLAGS])],
    outboundService: EGRESS_WORKER,
    ...bindingOptions(worker, input),
  } as WorkerOptions;
}

/** Translates a sandbox account into Miniflare's worker list: one isolate per Worker, plus the lab's own. */
export function buildWorkerOptions(input: RuntimeOptionsInput): WorkerOptions[] {
  const { state } = input;
  const accountWorkers = state.listAccountWorkers();
  const namespaces = state.listNamespaces();
  const outboundServices = new Set<string>();
  for (const w of accountWorkers)
    for (const b of w.metadata.bindings ?? []) if (b.type === 'dispatch_namespace' && b.outbound) outboundServices.add(b.outbound.worker.service);
  const boundNamespaces = new Set(
    accountWorkers.flatMap((w) => (w.metadata.bindings ?? []).flatMap((b) => (b.type === 'dispatch_namespace' ? [b.namespace] : []))),
  );

  const workers: WorkerOptions[] = [];
  for (const w of accountWorkers) workers.push(labWorker(accountWorkerId(w.name), w, roleOf(w, outboundServices), input));
  for (const ns of namespaces)
    for (const w of ns.scripts.values()) workers.push(labWorker(userWorkerId(ns.name, w.name), w, 'user', input));

  // A binding may name a namespace that does not exist (yet): it then behaves as an empty namespace.
  for (const name of new Set([...namespaces.map((n) => n.name), ...boundNamespaces])) {
    const scripts = namespaces.find((n) => n.name === name)?.scripts ?? new Map();
    workers.push({
      name: namespaceWorkerId(name),
      modules: [{ type: 'ESModule', path: `${ROOT}/namespace.js`, contents: namespaceSource }],
      modulesRoot: ROOT,
      serviceBindings: Object.fromEntries([...scripts.keys()].map((s) => [`T_${s}`, userWorkerId(name, s)])),
    } as WorkerOptions);
  }

  const existing = new Set(accountWorkers.map((w) => w.name));
  workers.push({
    name: EGRESS_WORKER,
    modules: [{ type: 'ESModule', path: `${ROOT}/egress.js`, contents: egressSource }],
    modulesRoot: ROOT,
    compatibilityDate: '2026-07-01',
    bindings: { CONFIG: { mark: input.mark, ctxHeader: CTX_HEADER, stubs: state.stubOrigins } },
    serviceBindings: {
      CF_API: input.cloudflareApi,
      ...Object.fromEntries([...outboundServices].filter((s) => existing.has(s)).map((s) => [`OUT_${s}`, accountWorkerId(s)])),
    },
  } as WorkerOptions);

  workers.push({
    name: CONTROL_WORKER,
    modules: [{ type: 'ESModule', path: `${ROOT}/control.js`, contents: controlSource }],
    modulesRoot: ROOT,
    compatibilityDate: '2026-07-01',
    bindings: { CONFIG: { mark: input.mark } },
    kvNamespaces: Object.fromEntries(state.listKvNamespaces().map((k) => [controlKvBinding(k.id), k.id])),
    d1Databases: Object.fromEntries(state.listD1Databases().map((d) => [controlD1Binding(d.uuid), d.uuid])),
    outboundService: EGRESS_WORKER,
  } as WorkerOptions);

  // Checks uploads by loading them through the Worker Loader: no bindings, no network, no restart.
  workers.push({
    name: PROBE_WORKER,
    modules: [{ type: 'ESModule', path: `${ROOT}/probe.js`, contents: probeSource }],
    modulesRoot: ROOT,
    compatibilityDate: '2026-07-01',
    workerLoaders: { LOADER: {} },
  } as WorkerOptions);
  return workers;
}
