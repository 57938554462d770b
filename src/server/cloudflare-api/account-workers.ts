import { scriptNameSchema, workerUploadSchema } from '../lab-engine/schemas';
import { parseOrThrow } from '../lab-engine/validate';
import { uploadSource, type ApiHandler } from './context';
import { ok, okList } from './envelope';
import { parseWorkerUpload } from './multipart';
import type { Route } from './router';
import { tailSessions } from './tail-registry';
import { contentResponse, scriptResult, settingsResult } from './shapes';

const base = '/accounts/:account_id/workers/scripts';

/** Account-level Workers: the platform's dispatch and outbound Workers. */
const upload: ApiHandler = async ({ params, request, account }) => {
  const name = parseOrThrow(scriptNameSchema, params.script, 'script name');
  const current = account.read((s) => s.listAccountWorkers().find((w) => w.name === name));
  const inherit = (binding: string) => current?.metadata.bindings?.find((b) => b.name === binding);
  const input = parseOrThrow(workerUploadSchema, await parseWorkerUpload(request, inherit), 'upload');
  await account.validateUpload(input, { name, namespace: null });
  const worker = await account.change((s) => s.putAccountWorker(name, input, uploadSource(request)));
  return ok(scriptResult(worker));
};

const list: ApiHandler = async ({ account, query }) => okList(account.read((s) => s.listAccountWorkers().map(scriptResult)), query);

/** Like the platform, GET on a script returns its content (multipart), not JSON. */
const get: ApiHandler = async ({ params, account }) => contentResponse(account.read((s) => s.getAccountWorker(params.script!)));

const getSettings: ApiHandler = async ({ params, account }) => ok(settingsResult(account.read((s) => s.getAccountWorker(params.script!))));


const remove: ApiHandler = async ({ params, account }) => {
  await account.change((s) => s.deleteAccountWorker(params.script!));
  for (const session of [...tailSessions().values()])
    if (session.accountId === account.accountId && session.script === params.script) (session.close?.(), tailSessions().delete(session.id));
  return ok(null);
};

export const accountWorkerRoutes: Route[] = [
  { method: 'GET', pattern: base, handler: list },
  { method: 'PUT', pattern: `${base}/:script`, handler: upload },
  { method: 'GET', pattern: `${base}/:script`, handler: get },
  { method: 'DELETE', pattern: `${base}/:script`, handler: remove },
  { method: 'GET', pattern: `${base}/:script/settings`, handler: getSettings },
];
