import { z } from 'zod';
import type { StoredWorker } from '../lab-engine/account-state';
import { jsonBody } from './body';
import type { ApiHandler } from './context';
import { apiError, notFound, ok } from './envelope';
import type { Route } from './router';
import { scriptResult, settingsResult } from './shapes';

/**
 * What wrangler deploy reads and writes around an account Worker's upload: the service record,
 * the workers.dev subdomain switch, Cron Triggers and the non-versioned script settings.
 */
const base = '/accounts/:account_id/workers/scripts/:script';

/** Cloudflare answers 10007 for a Worker that does not exist (wrangler deploy relies on the code). */
function worker(req: Parameters<ApiHandler>[0]): StoredWorker {
  const w = req.account.read((s) => s.listAccountWorkers().find((x) => x.name === req.params.script));
  if (!w) throw notFound('This Worker does not exist on your account.', 10007);
  return w;
}

const service: ApiHandler = async (req) => {
  const w = worker(req);
  const script = { ...scriptResult(w), last_deployed_from: w.deployedFrom };
  return ok({
    id: w.name,
    default_environment: { environment: 'production', created_on: w.createdOn, modified_on: w.modifiedOn, script },
    created_on: w.createdOn,
    modified_on: w.modifiedOn,
    environments: [{ environment: 'production', created_on: w.createdOn, modified_on: w.modifiedOn }],
  });
};

/** The newer Workers API's Worker object (`GET /workers/workers/{name}`): wrangler reads the subdomain switch from it. */
const workerObject: ApiHandler = async (req) => {
  const w = worker(req);
  return ok({
    id: w.id,
    name: w.name,
    created_on: w.createdOn,
    updated_on: w.modifiedOn,
    tags: w.tags,
    logpush: false,
    observability: { enabled: false },
    subdomain: { enabled: false, previews_enabled: false },
    tail_consumers: w.metadata.tail_consumers ?? [],
  });
};

/** Sandbox Workers have no public hostname: workers.dev and preview URLs stay off, and turning them on says so. */
const getSubdomain: ApiHandler = async (req) => (worker(req), ok({ enabled: false, previews_enabled: false }));

const subdomainSchema = z.object({ enabled: z.boolean(), previews_enabled: z.boolean().optional() });
const setSubdomain: ApiHandler = async (req) => {
  worker(req);
  const body = await jsonBody(req.request, subdomainSchema, 'subdomain setting');
  if (body.enabled || body.previews_enabled)
    throw apiError(400, 10021, 'workers.dev is not available in the lab: a sandbox Worker is reached through the lab\'s request panel. Set "workers_dev = false" (and "preview_urls = false") in your wrangler configuration.');
  return ok({ enabled: false, previews_enabled: false });
};

const accountSubdomain: ApiHandler = async () =>
  Promise.reject(notFound('workers.dev is not available in the lab: set "workers_dev = false" in your wrangler configuration.', 10007));

const getSchedules: ApiHandler = async (req) => (worker(req), ok({ schedules: [] }));

const setSchedules: ApiHandler = async (req) => {
  worker(req);
  const body = await jsonBody(req.request, z.array(z.object({ cron: z.string() }).loose()), 'schedules');
  if (body.length > 0) throw apiError(400, 10021, 'Cron Triggers are not emulated by the lab: remove [triggers] crons from your wrangler configuration.');
  return ok({ schedules: [] });
};

const scriptSettingsSchema = z
  .object({
    tags: z.array(z.string().min(1).max(256)).max(8).nullable().optional(),
    tail_consumers: z.array(z.object({ service: z.string().min(1), environment: z.string().optional(), namespace: z.string().optional() })).max(8).nullable().optional(),
    logpush: z.boolean().optional(),
    observability: z.unknown().optional(),
  })
  .loose();

const getScriptSettings: ApiHandler = async (req) => ok(settingsResult(worker(req)));

/** Tags and tail consumers change in place; logpush and observability are accepted and not emulated. */
const patchScriptSettings: ApiHandler = async (req) => {
  worker(req);
  const body = await jsonBody(req.request, scriptSettingsSchema, 'script settings');
  const updated = await req.account.change((s) => {
    const w = s.getAccountWorker(req.params.script!);
    if (body.tags !== undefined) w.tags = [...new Set(body.tags ?? [])];
    if (body.tail_consumers !== undefined) w.metadata = { ...w.metadata, tail_consumers: body.tail_consumers ?? undefined };
    w.metadata = { ...w.metadata, tags: w.tags };
    s.touchWorkers();
    return w;
  });
  return ok(settingsResult(updated));
};

export const serviceRoutes: Route[] = [
  { method: 'GET', pattern: '/accounts/:account_id/workers/services/:script', handler: service },
  { method: 'GET', pattern: '/accounts/:account_id/workers/workers/:script', handler: workerObject },
  { method: 'GET', pattern: '/accounts/:account_id/workers/subdomain', handler: accountSubdomain },
  { method: 'GET', pattern: `${base}/subdomain`, handler: getSubdomain },
  { method: 'POST', pattern: `${base}/subdomain`, handler: setSubdomain },
  { method: 'GET', pattern: `${base}/schedules`, handler: getSchedules },
  { method: 'PUT', pattern: `${base}/schedules`, handler: setSchedules },
  { method: 'GET', pattern: `${base}/script-settings`, handler: getScriptSettings },
  { method: 'PATCH', pattern: `${base}/script-settings`, handler: patchScriptSettings },
];
