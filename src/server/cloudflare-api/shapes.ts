import type { DispatchNamespace, StoredWorker } from '../lab-engine/account-state';
import type { Binding } from '../lab-engine/schemas';
import { DEFAULT_COMPATIBILITY_DATE } from '../lab-engine/runtime-options';

/** Result objects in the shapes Cloudflare's API (and its SDK types) use. */

export function namespaceResult(ns: DispatchNamespace, accountId: string) {
  return {
    namespace_id: ns.id,
    namespace_name: ns.name,
    created_on: ns.createdOn,
    created_by: accountId,
    modified_on: ns.modifiedOn,
    modified_by: accountId,
    script_count: ns.scripts.size,
    trusted_workers: ns.trustedWorkers,
  };
}

const handlersOf = (w: StoredWorker) => (/\bfetch\b/.test(w.modules.find((m) => m.name === w.metadata.main_module)?.content ?? '') ? ['fetch'] : []);

export function scriptResult(w: StoredWorker) {
  return {
    id: w.name,
    tag: w.id,
    etag: w.etag,
    deployment_id: w.deployments.at(-1)?.versionId ?? w.etag,
    last_deployed_from: w.deployedFrom,
    handlers: handlersOf(w),
    created_on: w.createdOn,
    modified_on: w.modifiedOn,
    compatibility_date: w.metadata.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE,
    compatibility_flags: w.metadata.compatibility_flags ?? [],
    usage_model: 'standard',
    has_modules: true,
    has_assets: false,
    logpush: false,
    tags: w.tags,
    tail_consumers: w.metadata.tail_consumers ?? null,
    placement: {},
    startup_time_ms: 0,
  };
}

/** A user Worker as `GET …/namespaces/{ns}/scripts/{name}` returns it. */
export function namespacedScriptResult(w: StoredWorker) {
  return { created_on: w.createdOn, modified_on: w.modifiedOn, dispatch_namespace: w.namespace, script: scriptResult(w) };
}

/** Secrets are write-only on the platform: reads show their name and type only. */
export const bindingsResult = (bindings: Binding[] | undefined) =>
  (bindings ?? []).map((b) => (b.type === 'secret_text' ? { type: b.type, name: b.name } : b));

export const secretsResult = (bindings: Binding[] | undefined) =>
  (bindings ?? []).flatMap((b) => (b.type === 'secret_text' ? [{ name: b.name, type: 'secret_text' }] : []));

export function settingsResult(w: StoredWorker) {
  return {
    bindings: bindingsResult(w.metadata.bindings),
    compatibility_date: w.metadata.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE,
    compatibility_flags: w.metadata.compatibility_flags ?? [],
    tags: w.tags,
    logpush: false,
    observability: { enabled: false },
    placement: {},
    tail_consumers: w.metadata.tail_consumers ?? [],
    usage_model: 'standard',
    limits: {},
  };
}

const contentTypeOf: Record<string, string> = {
  esm: 'application/javascript+module',
  commonjs: 'application/javascript',
  text: 'text/plain',
  data: 'application/octet-stream',
  json: 'application/json',
  wasm: 'application/wasm',
};

/** A Worker's modules as multipart, the way Cloudflare returns script content. */
export function contentResponse(w: StoredWorker): Response {
  const form = new FormData();
  for (const m of w.modules) {
    const bytes = m.type === 'wasm' || m.type === 'data' ? Buffer.from(m.content, 'base64') : Buffer.from(m.content, 'utf8');
    form.append(m.name, new File([bytes], m.name, { type: contentTypeOf[m.type] }));
  }
  const response = new Response(form);
  const headers = new Headers(response.headers);
  headers.set('cf-entrypoint', w.metadata.main_module);
  headers.set('cache-control', 'no-store');
  return new Response(response.body, { status: 200, headers });
}
