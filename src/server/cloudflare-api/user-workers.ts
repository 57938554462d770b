import { z } from 'zod';
import type { AccountState, StoredWorker } from '../lab-engine/account-state';
import { scriptNameSchema, workerUploadSchema, type WorkerMetadata } from '../lab-engine/schemas';
import { parseOrThrow } from '../lab-engine/validate';
import { jsonBody } from './body';
import { uploadSource, type ApiHandler } from './context';
import { ok, okList, validation } from './envelope';
import { jsonPart, parseMetadata, parseWorkerUpload, readFormData, readModules } from './multipart';
import type { Route } from './router';
import { bindingsResult, contentResponse, namespacedScriptResult, scriptResult, settingsResult } from './shapes';
import { parseTagFilter, tagListSchema, tagSchema } from './tags';

const base = '/accounts/:account_id/workers/dispatch/namespaces/:ns/scripts';
const script = `${base}/:script`;

const find = (req: Parameters<ApiHandler>[0]): StoredWorker => req.account.read((s) => s.getUserWorker(req.params.ns!, req.params.script!));

const upload: ApiHandler = async ({ params, request, account }) => {
  const name = parseOrThrow(scriptNameSchema, params.script, 'script name');
  const current = account.read((s) => s.listNamespaces().find((n) => n.name === params.ns)?.scripts.get(name));
  const inherit = (binding: string) => current?.metadata.bindings?.find((b) => b.name === binding);
  const input = parseOrThrow(workerUploadSchema, await parseWorkerUpload(request, inherit), 'upload');
  await account.validateUpload(input, { name, namespace: params.ns! });
  const worker = await account.change((s) => s.putUserWorker(params.ns!, name, input, uploadSource(request)));
  return ok(scriptResult(worker));
};

const list: ApiHandler = async ({ params, query, account }) => {
  const tags = parseTagFilter(query.get('tags'));
  return okList(account.read((s) => s.listUserWorkers(params.ns!, { tags }).map(scriptResult)), query);
};

const deleteByTags: ApiHandler = async ({ params, query, account }) => {
  const tags = parseTagFilter(query.get('tags'));
  if (!tags) throw validation('Deleting scripts in bulk needs a tags filter, for example ?tags=customer-1:yes.');
  await account.change((s) => s.deleteUserWorkersByTags(params.ns!, tags));
  return ok(null);
};

const get: ApiHandler = async (req) => ok(namespacedScriptResult(find(req)));

const remove: ApiHandler = async ({ params, account }) => {
  await account.change((s) => s.deleteUserWorker(params.ns!, params.script!));
  return ok(null);
};

const getBindings: ApiHandler = async (req) => ok(bindingsResult(find(req).metadata.bindings));


const getTags: ApiHandler = async (req) => ok(find(req).tags);

const putTags: ApiHandler = async ({ params, request, account }) => {
  const tags = await jsonBody(request, tagListSchema, 'tag list (a JSON array of strings)');
  const worker = await account.change((s) => s.setUserWorkerTags(params.ns!, params.script!, tags));
  return ok(worker.tags);
};

const putTag: ApiHandler = async ({ params, account }) => {
  const tag = parseOrThrow(tagSchema, params.tag, 'tag');
  await account.change((s) => {
    const w = s.getUserWorker(params.ns!, params.script!);
    s.setUserWorkerTags(params.ns!, params.script!, parseOrThrow(tagListSchema, [...new Set([...w.tags, tag])], 'tags'));
  });
  return ok(null);
};

const deleteTag: ApiHandler = async ({ params, account }) => {
  await account.change((s) => {
    const w = s.getUserWorker(params.ns!, params.script!);
    s.setUserWorkerTags(params.ns!, params.script!, w.tags.filter((t) => t !== params.tag));
  });
  return ok(null);
};

const getContent: ApiHandler = async (req) => contentResponse(find(req));

/** Replaces the modules only; bindings, tags and compatibility settings stay. */
const putContent: ApiHandler = async ({ params, request, account }) => {
  const form = await readFormData(request);
  const raw = (await jsonPart(form, 'metadata')) ?? {};
  const meta = z.object({ main_module: z.string().min(1) }).safeParse(raw);
  if (!meta.success) throw validation('The "metadata" part of a content upload must name main_module.');
  const modules = await readModules(form);
  const build = (s: AccountState) => {
    const existing = s.getUserWorker(params.ns!, params.script!);
    const metadata: WorkerMetadata = { ...existing.metadata, main_module: meta.data.main_module, tags: existing.tags };
    return parseOrThrow(workerUploadSchema, { metadata, modules }, 'upload');
  };
  await account.validateUpload(account.read(build), { name: params.script!, namespace: params.ns! });
  const worker = await account.change((s) => s.putUserWorker(params.ns!, params.script!, build(s)));
  return ok(scriptResult(worker));
};

const getSettings: ApiHandler = async (req) => ok(settingsResult(find(req)));

const settingsSchema = z
  .object({
    bindings: z.unknown().optional(),
    compatibility_date: z.unknown().optional(),
    compatibility_flags: z.unknown().optional(),
    tags: z.unknown().optional(),
  })
  .strict();

/** Changes bindings, compatibility date/flags and tags; other settings are not emulated and say so. */
const patchSettings: ApiHandler = async ({ params, request, account }) => {
  const form = await readFormData(request);
  const raw = await jsonPart(form, 'settings');
  if (raw === undefined) throw validation('Settings are sent as JSON in a multipart part named "settings".');
  const known = settingsSchema.safeParse(raw);
  if (!known.success) {
    const field = known.error.issues[0]?.code === 'unrecognized_keys' ? known.error.issues[0].keys.join(', ') : 'settings';
    throw validation(`The lab can change bindings, compatibility_date, compatibility_flags and tags only; not supported: ${field}.`);
  }
  const build = (s: AccountState) => {
    const existing = s.getUserWorker(params.ns!, params.script!);
    const metadata = parseMetadata({ ...existing.metadata, tags: existing.tags, ...known.data }, 'settings');
    return parseOrThrow(workerUploadSchema, { metadata, modules: existing.modules }, 'upload');
  };
  await account.validateUpload(account.read(build), { name: params.script!, namespace: params.ns! });
  const worker = await account.change((s) => s.putUserWorker(params.ns!, params.script!, build(s)));
  return ok(settingsResult(worker));
};

export const userWorkerRoutes: Route[] = [
  { method: 'GET', pattern: base, handler: list },
  { method: 'DELETE', pattern: base, handler: deleteByTags },
  { method: 'PUT', pattern: script, handler: upload },
  { method: 'GET', pattern: script, handler: get },
  { method: 'DELETE', pattern: script, handler: remove },
  { method: 'GET', pattern: `${script}/bindings`, handler: getBindings },
  { method: 'GET', pattern: `${script}/tags`, handler: getTags },
  { method: 'PUT', pattern: `${script}/tags`, handler: putTags },
  { method: 'PUT', pattern: `${script}/tags/:tag`, handler: putTag },
  { method: 'DELETE', pattern: `${script}/tags/:tag`, handler: deleteTag },
  { method: 'GET', pattern: `${script}/content`, handler: getContent },
  { method: 'PUT', pattern: `${script}/content`, handler: putContent },
  { method: 'GET', pattern: `${script}/settings`, handler: getSettings },
  { method: 'PATCH', pattern: `${script}/settings`, handler: patchSettings },
];
