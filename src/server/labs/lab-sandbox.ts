import { createHash } from 'node:crypto';
import { LabError, type LabEngine, type Sandbox } from '../lab-engine';
import type { Binding, WorkerUpload } from '../lab-engine/schemas';
import type { LabBinding, PlatformConfig } from '../../schemas/lab';
import { parsePlatformConfig } from './platform-config';
import { PLATFORM_CONFIG_FILE, type Lab } from './registry';
import type { LineMap } from './source-map';
import { toJavaScript } from './transpile';

export const MAX_LAB_FILE_CHARS = 256 * 1024;

interface LabSandboxState {
  labId: string;
  kv: Record<string, string>;
  d1: Record<string, string>;
  /** Hash of each Worker's last upload, so unchanged Workers do not restart the runtime. */
  uploaded: Map<string, string>;
  /** Etag of each customer as the lab last uploaded it, to notice changes made through the API. */
  etags: Map<string, string | undefined>;
  /** Module name as uploaded (dispatcher.js) → the learner's file and, for TypeScript, its line map. */
  modules: Map<string, { file: string; lineMap?: LineMap }>;
}

const labSandboxes = new Map<string, LabSandboxState>();

/** Creates a sandbox owned by nobody in particular (tests, scripts) and provisions it for a lab. */
export async function createLabSandbox(engine: LabEngine, lab: Lab): Promise<Sandbox> {
  return provisionLabSandbox(engine, await engine.create(), lab);
}

/** Provisions an admitted sandbox for a lab: its namespace, KV, D1 and stub origins (disposed on failure). */
export async function provisionLabSandbox(engine: LabEngine, sandbox: Sandbox, lab: Lab): Promise<Sandbox> {
  for (const id of labSandboxes.keys()) if (!engine.find(id)) labSandboxes.delete(id);
  try {
    const state: LabSandboxState = { labId: lab.definition.id, kv: {}, d1: {}, uploaded: new Map(), etags: new Map(), modules: new Map() };
    // A terminal lab's learner creates the namespace with wrangler.
    if (lab.definition.terminal?.namespace !== lab.starterConfig.namespace) await sandbox.createNamespace(lab.starterConfig.namespace);
    for (const [name, entries] of Object.entries(lab.definition.resources.kv)) {
      const kv = await sandbox.createKvNamespace(name);
      state.kv[name] = kv.id;
      const handle = await sandbox.kv(kv.id);
      for (const [key, value] of Object.entries(entries)) await handle.put(key, value);
    }
    for (const [name, sql] of Object.entries(lab.definition.resources.d1)) {
      const db = await sandbox.createD1Database(name);
      state.d1[name] = db.uuid;
      const handle = await sandbox.d1(db.uuid);
      const statements = sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
      await handle.batch(statements.map((s) => handle.prepare(s)));
    }
    await sandbox.setStubOrigins(lab.definition.stubs);
    if (lab.definition.customHostnames.length > 0) await setCustomHostnames(sandbox, lab.definition.customHostnames);
    labSandboxes.set(sandbox.id, state);
    return sandbox;
  } catch (error) {
    await engine.dispose(sandbox.id);
    throw error;
  }
}

type HostnameEngine = { setCustomHostnames?: (hosts: Array<{ hostname: string; metadata?: unknown }>) => unknown };

/** Custom hostnames are an engine feature (engine-core); a lab that needs them says so clearly without it. */
async function setCustomHostnames(sandbox: Sandbox, hosts: Array<{ hostname: string; metadata?: unknown }>) {
  const engine = sandbox as Sandbox & HostnameEngine;
  if (typeof engine.setCustomHostnames !== 'function')
    throw new LabError('unsupported', 'This lab needs custom hostnames, which this version of the lab engine does not support.');
  await engine.setCustomHostnames(hosts);
}

export function labStateOf(sandbox: Sandbox, lab: Lab): LabSandboxState {
  const state = labSandboxes.get(sandbox.id);
  if (!state || state.labId !== lab.definition.id)
    throw new LabError('invalid_input', `This sandbox was not created for the lab "${lab.definition.id}". Reset the lab to get a new one.`, 409);
  return state;
}

/** The files to run: the learner's version of editable files, the lab's own for the rest. */
export function mergeFiles(lab: Lab, given: Record<string, unknown>): Record<string, string> {
  const files: Record<string, string> = { ...lab.starter };
  for (const file of lab.definition.files) {
    const text = given[file.path];
    if (!file.editable || text === undefined) continue;
    if (typeof text !== 'string') throw new LabError('invalid_input', `File ${file.path} must be text.`);
    if (text.length > MAX_LAB_FILE_CHARS) throw new LabError('invalid_input', `File ${file.path} is over ${MAX_LAB_FILE_CHARS / 1024} KiB.`, 413);
    files[file.path] = text;
  }
  return files;
}

function toBinding(b: LabBinding, state: LabSandboxState, sandbox: Sandbox): Binding {
  switch (b.type) {
    case 'kv_namespace': {
      const id = state.kv[b.kv];
      if (!id) throw new LabError('invalid_input', `${PLATFORM_CONFIG_FILE}: binding ${b.name} names KV namespace "${b.kv}", which this lab does not have (it has: ${Object.keys(state.kv).join(', ') || 'none'}).`, 422);
      return { type: 'kv_namespace', name: b.name, namespace_id: id };
    }
    case 'd1': {
      const id = state.d1[b.d1];
      if (!id) throw new LabError('invalid_input', `${PLATFORM_CONFIG_FILE}: binding ${b.name} names D1 database "${b.d1}", which this lab does not have (it has: ${Object.keys(state.d1).join(', ') || 'none'}).`, 422);
      return { type: 'd1', name: b.name, id };
    }
    case 'dispatch_namespace':
      return {
        type: 'dispatch_namespace',
        name: b.name,
        namespace: b.namespace,
        ...(b.outbound ? { outbound: { worker: { service: b.outbound.service }, params: b.outbound.parameters.map((name) => ({ name })) } } : {}),
      };
    case 'sandbox_account_id':
      return { type: 'plain_text', name: b.name, text: sandbox.accountId };
    case 'sandbox_api_token':
      return { type: 'secret_text', name: b.name, text: sandbox.token };
    default:
      return b;
  }
}

async function upload(state: LabSandboxState, files: Record<string, string>, w: PlatformConfig['dispatcher'], bindings: Binding[], tags?: string[]): Promise<WorkerUpload> {
  const main = w.main.replace(/\.ts$/, '.js');
  const { code, lineMap } = await toJavaScript(w.main, files[w.main]!);
  state.modules.set(main, { file: w.main, ...(lineMap ? { lineMap } : {}) });
  // tail_consumers is Cloudflare's metadata field; engines without Tail Worker support ignore it.
  const tail = w.tail_consumers ? { tail_consumers: w.tail_consumers } : {};
  return {
    metadata: { main_module: main, compatibility_date: w.compatibility_date, compatibility_flags: w.compatibility_flags, bindings, ...(tags ? { tags } : {}), ...tail },
    modules: [{ name: main, type: 'esm', content: code }],
  };
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Uploads the lab's Workers from the given files; Workers whose upload did not change are left running. */
export async function applyLabFiles(sandbox: Sandbox, lab: Lab, files: Record<string, string>): Promise<void> {
  const state = labStateOf(sandbox, lab);
  const config = parsePlatformConfig(files[PLATFORM_CONFIG_FILE] ?? '');
  for (const w of [config.dispatcher, config.outbound, ...config.accountWorkers, ...config.userWorkers])
    if (w && files[w.main] === undefined) throw new LabError('invalid_input', `${PLATFORM_CONFIG_FILE}: Worker ${w.name} runs "${w.main}", which is not a file of this lab.`, 422);
  const put = async (key: string, body: WorkerUpload, send: () => Promise<unknown>) => {
    const hash = hashOf(body);
    if (state.uploaded.get(key) === hash) return;
    await send();
    state.uploaded.set(key, hash);
  };
  // Tail consumers and the outbound Worker must exist before the Workers that name them.
  for (const a of config.accountWorkers) {
    const body = await upload(state, files, a, a.bindings.map((b) => toBinding(b, state, sandbox)));
    await put(`account:${a.name}`, body, () => sandbox.uploadAccountWorker(a.name, body));
  }
  if (config.outbound) {
    const o = config.outbound;
    const body = await upload(state, files, o, o.bindings.map((b) => toBinding(b, state, sandbox)));
    await put(`account:${o.name}`, body, () => sandbox.uploadAccountWorker(o.name, body));
  }
  const d = config.dispatcher;
  const dispatcher = await upload(state, files, d, d.bindings.map((b) => toBinding(b, state, sandbox)));
  await put(`account:${d.name}`, dispatcher, () => sandbox.uploadAccountWorker(d.name, dispatcher));
  const stored = (name: string) => sandbox.state.listNamespaces().find((n) => n.name === config.namespace)?.scripts.get(name)?.etag;
  for (const u of config.userWorkers) {
    const body = await upload(state, files, u, u.bindings.map((b) => toBinding(b, state, sandbox)), u.tags);
    // Lab code may delete or re-upload customers through the API (offboarding labs): every run starts again
    // from the customers in platform.json.
    if (stored(u.name) !== state.etags.get(u.name)) state.uploaded.delete(`user:${u.name}`);
    await put(`user:${u.name}`, body, () => sandbox.uploadUserWorker(config.namespace, u.name, body));
    state.etags.set(u.name, stored(u.name));
  }
}

/** The lab's bookkeeping for a sandbox as plain data (lab-runner snapshots). */
export interface LabStateSnapshot {
  labId: string;
  kv: Record<string, string>;
  d1: Record<string, string>;
  uploaded: Array<[string, string]>;
  etags: Array<[string, string | null]>;
  modules: Array<[string, { file: string; lineMap?: LineMap }]>;
}

export function exportLabState(sandboxId: string): LabStateSnapshot | null {
  const s = labSandboxes.get(sandboxId);
  if (!s) return null;
  return { labId: s.labId, kv: s.kv, d1: s.d1, uploaded: [...s.uploaded], etags: [...s.etags].map(([k, v]) => [k, v ?? null]), modules: [...s.modules] };
}

export function importLabState(sandboxId: string, snapshot: LabStateSnapshot): void {
  labSandboxes.set(sandboxId, {
    labId: snapshot.labId,
    kv: snapshot.kv,
    d1: snapshot.d1,
    uploaded: new Map(snapshot.uploaded),
    etags: new Map(snapshot.etags.map(([k, v]) => [k, v ?? undefined])),
    modules: new Map(snapshot.modules),
  });
}

export function forgetLabState(sandboxId: string): void {
  labSandboxes.delete(sandboxId);
}
