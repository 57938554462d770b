import { z } from 'zod';
import type { StoredWorker, WorkerDeployment, WorkerVersion } from '../lab-engine/account-state';
import { scriptNameSchema, workerUploadSchema } from '../lab-engine/schemas';
import { parseOrThrow } from '../lab-engine/validate';
import { jsonBody } from './body';
import { uploadSource, type ApiHandler } from './context';
import { apiError, notFound, ok } from './envelope';
import { parseWorkerUpload } from './multipart';
import type { Route } from './router';
import { bindingsResult } from './shapes';
import { DEFAULT_COMPATIBILITY_DATE } from '../lab-engine/runtime-options';

const base = '/accounts/:account_id/workers/scripts/:script';
/** Sandboxes have no user; the platform shows the token owner's address here. */
export const AUTHOR_EMAIL = 'learner@sandbox.lab.invalid';

export function versionResult(w: StoredWorker, v: WorkerVersion) {
  const current = w.deployments.at(-1)?.versionId === v.id;
  return {
    id: v.id,
    number: v.number,
    metadata: { created_on: v.createdOn, modified_on: v.createdOn, source: v.source, author_id: w.id, author_email: AUTHOR_EMAIL, hasPreview: false },
    annotations: { 'workers/triggered_by': v.trigger, ...(v.message ? { 'workers/message': v.message } : {}) },
    resources: {
      script: { etag: w.etag, handlers: ['fetch'], last_deployed_from: w.deployedFrom },
      script_runtime: { compatibility_date: w.metadata.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE, compatibility_flags: w.metadata.compatibility_flags ?? [], usage_model: 'standard', limits: {} },
      // The lab keeps the code of the deployed version only; older versions list no bindings.
      bindings: current ? bindingsResult(w.metadata.bindings) : [],
    },
    startup_time_ms: 0,
  };
}

export const deploymentResult = (d: WorkerDeployment) => ({
  id: d.id,
  source: d.source,
  strategy: 'percentage',
  author_email: AUTHOR_EMAIL,
  created_on: d.createdOn,
  annotations: { 'workers/triggered_by': d.trigger, ...(d.message ? { 'workers/message': d.message } : {}) },
  versions: [{ version_id: d.versionId, percentage: 100 }],
});

const find = (req: Parameters<ApiHandler>[0]) => req.account.read((s) => s.getAccountWorker(req.params.script!));

/** `POST …/versions` (wrangler deploy of an existing Worker, `wrangler versions upload`): staged, not live. */
const uploadVersion: ApiHandler = async ({ params, request, account }) => {
  const name = parseOrThrow(scriptNameSchema, params.script, 'script name');
  const current = account.read((s) => s.getAccountWorker(name));
  const inherit = (binding: string) => current.metadata.bindings?.find((b) => b.name === binding);
  const input = parseOrThrow(workerUploadSchema, await parseWorkerUpload(request, inherit), 'upload');
  await account.validateUpload(input, { name, namespace: null });
  const { worker, version } = await account.change((s) => {
    const v = s.stageAccountWorkerVersion(name, input, uploadSource(request));
    return { worker: s.getAccountWorker(name), version: v };
  });
  return ok({ ...versionResult(worker, version), resources: { ...versionResult(worker, version).resources, bindings: bindingsResult(input.metadata.bindings) } });
};

const listVersions: ApiHandler = async (req) => {
  const w = find(req);
  const items = [...w.versions].reverse().map((v) => versionResult(w, v));
  return ok({ items }, { resultInfo: { page: 1, per_page: items.length, count: items.length, total_count: items.length } });
};

const getVersion: ApiHandler = async (req) => {
  const w = find(req);
  const v = w.versions.find((x) => x.id === req.params.version);
  if (!v) throw notFound(`Version ${req.params.version} of Worker "${w.name}" was not found.`, 10007);
  return ok(versionResult(w, v));
};

const deploySchema = z.object({
  strategy: z.literal('percentage'),
  versions: z.array(z.object({ version_id: z.string().min(1), percentage: z.number() })).min(1),
  annotations: z.object({ 'workers/message': z.string().max(100).optional() }).loose().optional(),
});

/** One version at 100 %: gradual deployments (traffic split between versions) are not emulated. */
const createDeployment: ApiHandler = async ({ params, request, account }) => {
  const body = await jsonBody(request, deploySchema, 'deployment');
  const live = body.versions.filter((v) => v.percentage > 0);
  if (live.length !== 1 || live[0]!.percentage !== 100)
    throw apiError(400, 10021, 'The lab deploys one version at 100 %: gradual deployments (splitting traffic between versions) are not emulated.');
  const worker = await account.change((s) => s.deployAccountWorkerVersion(params.script!, live[0]!.version_id, uploadSource(request), body.annotations?.['workers/message']));
  return ok(deploymentResult(worker.deployments.at(-1)!));
};

const listDeployments: ApiHandler = async (req) => ok({ deployments: [...find(req).deployments].reverse().map(deploymentResult) });

export const versionRoutes: Route[] = [
  { method: 'POST', pattern: `${base}/versions`, handler: uploadVersion },
  { method: 'GET', pattern: `${base}/versions`, handler: listVersions },
  { method: 'GET', pattern: `${base}/versions/:version`, handler: getVersion },
  { method: 'POST', pattern: `${base}/deployments`, handler: createDeployment },
  { method: 'GET', pattern: `${base}/deployments`, handler: listDeployments },
];
