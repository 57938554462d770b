import { randomUUID } from 'node:crypto';
import { LabError } from './errors';
import type { Binding, StubOrigin, ValidWorkerUpload, WorkerMetadata, WorkerModule } from './schemas';

/** A Worker as stored in a sandbox account: what was uploaded, plus platform bookkeeping. */
export interface StoredWorker {
  name: string;
  /** Set for user Workers: the dispatch namespace that holds it. */
  namespace: string | null;
  id: string;
  metadata: WorkerMetadata;
  modules: WorkerModule[];
  tags: string[];
  createdOn: string;
  modifiedOn: string;
  etag: string;
  /** Who made the last upload, as the platform's `last_deployed_from` ("wrangler" or "api"). */
  deployedFrom: UploadSource;
  /** One version per upload, newest last (the platform keeps each upload as a version). */
  versions: WorkerVersion[];
  /** Every deployment of a version (a direct upload deploys its version at once), newest last. */
  deployments: WorkerDeployment[];
}

export type UploadSource = 'wrangler' | 'api';

export interface WorkerVersion {
  id: string;
  number: number;
  createdOn: string;
  source: UploadSource;
  /** What made it: an upload or a secret change (the platform's workers/triggered_by). */
  trigger: 'upload' | 'secret';
  message?: string;
}

export interface WorkerDeployment {
  id: string;
  createdOn: string;
  source: UploadSource;
  versionId: string;
  trigger: WorkerVersion['trigger'];
  message?: string;
}

/** An uploaded version not deployed yet (`POST …/versions`), with its content. */
export interface StagedVersion {
  version: WorkerVersion;
  upload: ValidWorkerUpload;
}

export interface PutOptions {
  /** A staged version being deployed (keeps its id). */
  version?: WorkerVersion;
  message?: string;
  trigger?: WorkerVersion['trigger'];
}

/** Versions kept per Worker; older ones drop off (the platform lists the recent ones too). */
export const MAX_VERSIONS = 50;

export interface DispatchNamespace {
  id: string;
  name: string;
  createdOn: string;
  modifiedOn: string;
  trustedWorkers: boolean;
  scripts: Map<string, StoredWorker>;
}

export interface KvNamespaceInfo {
  id: string;
  title: string;
}

export interface D1DatabaseInfo {
  uuid: string;
  name: string;
  createdAt: string;
}

/**
 * The control-plane state of one sandbox account: namespaces, Workers, KV namespaces, D1 databases and
 * stub origins. Pure data and rules; the runtime is rebuilt from it (see runtime-options.ts).
 */
export function createAccountState() {
  const namespaces = new Map<string, DispatchNamespace>();
  const accountWorkers = new Map<string, StoredWorker>();
  const kvNamespaces = new Map<string, KvNamespaceInfo>();
  const d1Databases = new Map<string, D1DatabaseInfo>();
  let stubOrigins: StubOrigin[] = [];
  let version = 0;
  const now = () => new Date().toISOString();
  const touch = () => void version++;
  const staged = new Map<string, StagedVersion>();
  const nextNumber = (w: StoredWorker | undefined) => (w?.versions.at(-1)?.number ?? 0) + 1;

  function namespace(name: string): DispatchNamespace {
    const ns = namespaces.get(name);
    if (!ns) throw new LabError('not_found', `Dispatch namespace "${name}" does not exist.`);
    return ns;
  }

  function checkBindings(bindings: Binding[] | undefined) {
    for (const b of bindings ?? []) {
      if (b.type === 'kv_namespace' && !kvNamespaces.has(b.namespace_id))
        throw new LabError('invalid_input', `Binding ${b.name}: KV namespace ${b.namespace_id} does not exist in this account.`);
      if (b.type === 'd1' && !d1Databases.has(b.id))
        throw new LabError('invalid_input', `Binding ${b.name}: D1 database ${b.id} does not exist in this account.`);
    }
  }

  function merge(
    existing: StoredWorker | undefined,
    upload: ValidWorkerUpload,
    name: string,
    ns: string | null,
    source: UploadSource,
    given?: PutOptions,
  ): StoredWorker {
    const meta = { ...upload.metadata };
    // Like the platform: a re-upload replaces bindings, except types listed in keep_bindings.
    if (existing && meta.keep_bindings?.length) {
      const keep = new Set(meta.keep_bindings);
      const given = new Set((meta.bindings ?? []).map((b) => b.name));
      const kept = (existing.metadata.bindings ?? []).filter((b) => keep.has(b.type) && !given.has(b.name));
      meta.bindings = [...(meta.bindings ?? []), ...kept];
    }
    delete meta.keep_bindings;
    const time = now();
    const previous = existing?.versions ?? [];
    const version: WorkerVersion = given?.version ?? { id: randomUUID(), number: nextNumber(existing), createdOn: time, source, trigger: given?.trigger ?? 'upload' };
    const deployment: WorkerDeployment = { id: randomUUID(), createdOn: time, source, versionId: version.id, trigger: version.trigger, ...(given?.message ? { message: given.message } : {}) };
    return {
      name,
      namespace: ns,
      id: existing?.id ?? randomUUID().replaceAll('-', ''),
      metadata: meta,
      modules: upload.modules,
      tags: meta.tags ?? (existing && upload.metadata.tags === undefined ? existing.tags : []),
      createdOn: existing?.createdOn ?? time,
      modifiedOn: time,
      etag: randomUUID().replaceAll('-', ''),
      deployedFrom: source,
      versions: (previous.some((v) => v.id === version.id) ? previous : [...previous, version]).slice(-MAX_VERSIONS),
      deployments: [...(existing?.deployments ?? []), deployment].slice(-MAX_VERSIONS),
    };
  }

  return {
    get version() {
      return version;
    },

    // Dispatch namespaces
    createNamespace(name: string): DispatchNamespace {
      if (namespaces.has(name)) throw new LabError('already_exists', `A dispatch namespace named "${name}" already exists.`);
      const time = now();
      const ns: DispatchNamespace = { id: randomUUID(), name, createdOn: time, modifiedOn: time, trustedWorkers: false, scripts: new Map() };
      namespaces.set(name, ns);
      touch();
      return ns;
    },
    listNamespaces: () => [...namespaces.values()],
    getNamespace: namespace,
    renameNamespace(from: string, to: string): DispatchNamespace {
      const ns = namespace(from);
      if (from !== to && namespaces.has(to)) throw new LabError('already_exists', `A dispatch namespace named "${to}" already exists.`);
      namespaces.delete(from);
      ns.name = to;
      ns.modifiedOn = now();
      for (const w of ns.scripts.values()) w.namespace = to;
      namespaces.set(to, ns);
      touch();
      return ns;
    },
    setNamespaceTrustedWorkers(name: string, trusted: boolean): DispatchNamespace {
      const ns = namespace(name);
      ns.trustedWorkers = trusted;
      ns.modifiedOn = now();
      touch();
      return ns;
    },
    deleteNamespace(name: string) {
      namespace(name);
      namespaces.delete(name);
      touch();
    },

    // User Workers
    putUserWorker(nsName: string, name: string, upload: ValidWorkerUpload, source: UploadSource = 'api', given?: PutOptions): StoredWorker {
      const ns = namespace(nsName);
      checkBindings(upload.metadata.bindings);
      if (upload.metadata.bindings?.some((b) => b.type === 'dispatch_namespace'))
        throw new LabError('unsupported', 'User Workers cannot have dispatch_namespace bindings in the lab.');
      // The platform rejects service bindings between user Workers of one namespace (error 10143).
      const sibling = upload.metadata.bindings?.find((b) => b.type === 'service' && (ns.scripts.has(b.service) || b.service === name));
      if (sibling?.type === 'service')
        throw new LabError('invalid_binding', `Binding ${sibling.name}: a user Worker cannot bind "${sibling.service}", a Worker in the same dispatch namespace; call it through the dispatch Worker instead.`);
      const worker = merge(ns.scripts.get(name), upload, name, nsName, source, given);
      ns.scripts.set(name, worker);
      ns.modifiedOn = worker.modifiedOn;
      touch();
      return worker;
    },
    getUserWorker(nsName: string, name: string): StoredWorker {
      const w = namespace(nsName).scripts.get(name);
      if (!w) throw new LabError('not_found', `Script "${name}" does not exist in dispatch namespace "${nsName}".`);
      return w;
    },
    listUserWorkers(nsName: string, filter: { tags?: Array<{ tag: string; present: boolean }> } = {}): StoredWorker[] {
      return [...namespace(nsName).scripts.values()].filter((w) =>
        (filter.tags ?? []).every(({ tag, present }) => w.tags.includes(tag) === present),
      );
    },
    deleteUserWorker(nsName: string, name: string) {
      const ns = namespace(nsName);
      if (!ns.scripts.delete(name)) throw new LabError('not_found', `Script "${name}" does not exist in dispatch namespace "${nsName}".`);
      touch();
    },
    /** Deletes every user Worker matching the tag filter; returns their names. */
    deleteUserWorkersByTags(nsName: string, tags: Array<{ tag: string; present: boolean }>): string[] {
      const ns = namespace(nsName);
      const doomed = [...ns.scripts.values()].filter((w) => tags.every(({ tag, present }) => w.tags.includes(tag) === present)).map((w) => w.name);
      for (const name of doomed) ns.scripts.delete(name);
      if (doomed.length > 0) touch();
      return doomed;
    },
    setUserWorkerTags(nsName: string, name: string, tags: string[]): StoredWorker {
      const w = this.getUserWorker(nsName, name);
      w.tags = [...new Set(tags)];
      w.metadata = { ...w.metadata, tags: w.tags };
      w.modifiedOn = now();
      return w;
    },

    // Account-level Workers (dispatch and outbound Workers)
    putAccountWorker(name: string, upload: ValidWorkerUpload, source: UploadSource = 'api', given?: PutOptions): StoredWorker {
      checkBindings(upload.metadata.bindings);
      const worker = merge(accountWorkers.get(name), upload, name, null, source, given);
      accountWorkers.set(name, worker);
      touch();
      return worker;
    },
    getAccountWorker(name: string): StoredWorker {
      const w = accountWorkers.get(name);
      if (!w) throw new LabError('not_found', `Worker "${name}" does not exist in this account.`);
      return w;
    },
    listAccountWorkers: () => [...accountWorkers.values()],
    /** After a Worker's settings changed in place (tail consumers): the runtime reloads it. */
    touchWorkers: touch,
    /** `POST …/versions`: keeps an upload as a version of an existing Worker without deploying it. */
    stageAccountWorkerVersion(name: string, upload: ValidWorkerUpload, source: UploadSource, message?: string): WorkerVersion {
      const worker = this.getAccountWorker(name);
      checkBindings(upload.metadata.bindings);
      // Undeployed uploads hold their code: keep only the most recent ones.
      if (staged.size >= MAX_VERSIONS) staged.delete(staged.keys().next().value!);
      const version: WorkerVersion = { id: randomUUID(), number: nextNumber(worker), createdOn: now(), source, trigger: 'upload', ...(message ? { message } : {}) };
      worker.versions = [...worker.versions, version].slice(-MAX_VERSIONS);
      staged.set(`${name}/${version.id}`, { version, upload });
      return version;
    },
    /** `POST …/deployments` with one version at 100 %: a staged version goes live; a deployed one is redeployed. */
    deployAccountWorkerVersion(name: string, versionId: string, source: UploadSource, message?: string): StoredWorker {
      const worker = this.getAccountWorker(name);
      const pending = staged.get(`${name}/${versionId}`);
      const current = worker.deployments.at(-1)?.versionId;
      if (!pending && versionId !== current)
        throw new LabError('not_found', `Version ${versionId} of Worker "${name}" is not one the lab can deploy (it keeps the undeployed uploads and the current version).`);
      const upload = pending?.upload ?? { metadata: { ...worker.metadata, tags: worker.tags }, modules: worker.modules };
      const version = pending?.version ?? worker.versions.find((v) => v.id === versionId);
      const deployed = this.putAccountWorker(name, upload, source, { version, message });
      staged.delete(`${name}/${versionId}`);
      return deployed;
    },
    deleteAccountWorker(name: string) {
      if (!accountWorkers.delete(name)) throw new LabError('not_found', `Worker "${name}" does not exist in this account.`);
      for (const key of [...staged.keys()]) if (key.startsWith(`${name}/`)) staged.delete(key);
      touch();
    },

    // Storage resources
    createKvNamespace(title: string): KvNamespaceInfo {
      if ([...kvNamespaces.values()].some((k) => k.title === title))
        throw new LabError('already_exists', `A KV namespace titled "${title}" already exists.`);
      const kv = { id: randomUUID().replaceAll('-', ''), title };
      kvNamespaces.set(kv.id, kv);
      touch();
      return kv;
    },
    listKvNamespaces: () => [...kvNamespaces.values()],
    getKvNamespace(id: string): KvNamespaceInfo {
      const kv = kvNamespaces.get(id);
      if (!kv) throw new LabError('not_found', `KV namespace ${id} does not exist.`);
      return kv;
    },
    createD1Database(name: string): D1DatabaseInfo {
      if ([...d1Databases.values()].some((d) => d.name === name))
        throw new LabError('already_exists', `A D1 database named "${name}" already exists.`);
      const db = { uuid: randomUUID(), name, createdAt: now() };
      d1Databases.set(db.uuid, db);
      touch();
      return db;
    },
    listD1Databases: () => [...d1Databases.values()],
    getD1Database(id: string): D1DatabaseInfo {
      const db = d1Databases.get(id);
      if (!db) throw new LabError('not_found', `D1 database ${id} does not exist.`);
      return db;
    },

    setStubOrigins(stubs: StubOrigin[]) {
      stubOrigins = stubs;
      touch();
    },
    get stubOrigins() {
      return stubOrigins;
    },

    /** Everything above as plain data, so another runner can restore the account (lab-runner snapshots). */
    exportSnapshot(): AccountSnapshot {
      return {
        namespaces: [...namespaces.values()].map((ns) => ({ ...ns, scripts: [...ns.scripts.values()] })),
        accountWorkers: [...accountWorkers.values()],
        kvNamespaces: [...kvNamespaces.values()],
        d1Databases: [...d1Databases.values()],
        stubOrigins,
      };
    },
    /** Replaces the account with a snapshot (same ids, etags and order, so storage slots map the same). */
    restoreSnapshot(snapshot: AccountSnapshot) {
      namespaces.clear();
      accountWorkers.clear();
      kvNamespaces.clear();
      d1Databases.clear();
      for (const ns of snapshot.namespaces) namespaces.set(ns.name, { ...ns, scripts: new Map(ns.scripts.map((w) => [w.name, w])) });
      for (const w of snapshot.accountWorkers) accountWorkers.set(w.name, w);
      for (const kv of snapshot.kvNamespaces) kvNamespaces.set(kv.id, kv);
      for (const db of snapshot.d1Databases) d1Databases.set(db.uuid, db);
      stubOrigins = snapshot.stubOrigins;
      touch();
    },
  };
}

export interface AccountSnapshot {
  namespaces: Array<Omit<DispatchNamespace, 'scripts'> & { scripts: StoredWorker[] }>;
  accountWorkers: StoredWorker[];
  kvNamespaces: KvNamespaceInfo[];
  d1Databases: D1DatabaseInfo[];
  stubOrigins: StubOrigin[];
}

export type AccountState = ReturnType<typeof createAccountState>;
