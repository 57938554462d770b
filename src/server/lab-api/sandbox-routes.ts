import { LabError } from '../lab-engine';
import type { SandboxRecord } from '../lab-runner/store/sandboxes';
import type { LabServices } from '../lab-runner/web-services';
import { bearerToken, noStore, readJson } from './http';
import type { Limiter } from './rate-limit';
import { admitSandbox, type AdmissionRequest, type AdmittedSandbox } from './sandbox-admission';

type RateLimiter = Limiter;

export const MAX_REQUEST_JSON_BYTES = 2 * 1024 * 1024;
/** Set on responses served by a sandbox that was re-created on another runner (the learner sees it once). */
export const NOTICE_HEADER = 'x-lab-notice';

export const withNotice = (notice: string | null): Record<string, string> => (notice ? { ...noStore, [NOTICE_HEADER]: notice } : { ...noStore });

export function sandboxInfo(sandbox: AdmittedSandbox, origin: string) {
  return {
    id: sandbox.id,
    token: sandbox.token,
    accountId: sandbox.accountId,
    apiBase: `${origin}/api/sandboxes/${sandbox.id}/client/v4`,
  };
}

/** Takes one request from the budget, or refuses with how long to wait. */
export async function limit(limiter: RateLimiter, key: string, what: string) {
  const wait = await limiter.take(key);
  if (wait > 0) throw new LabError('limit_reached', `Too many ${what}: wait ${wait} s and try again.`);
}

/**
 * The raw sandbox API (curl, wrangler, the SDK). Sends `{ "queue": true }` to wait in line like the
 * workbench does (202 with a ticket); otherwise a full server answers 503 with a message.
 */
export async function createSandboxRoute(labs: LabServices, request: Request, admission: Omit<AdmissionRequest, 'wait'>) {
  return admitSandbox(labs, request, null, { ...admission, wait: 'when-asked' }, async (sandbox) =>
    Response.json(sandboxInfo(sandbox, new URL(request.url).origin), { status: 201, headers: noStore }),
  );
}

/** The sandbox's record when the Bearer token is its token, within its request budget (401 otherwise). */
export async function authorisedRecord(labs: LabServices, id: string | undefined, request: Request, limiter: RateLimiter): Promise<SandboxRecord> {
  const record = await labs.fleet.open(id, bearerToken(request));
  await limit(limiter, record.id, 'requests to this sandbox');
  return record;
}

export async function sendRequestRoute(labs: LabServices, id: string | undefined, request: Request, limiter: RateLimiter) {
  const record = await authorisedRecord(labs, id, request, limiter);
  const input = await readJson(request, MAX_REQUEST_JSON_BYTES);
  let notice: string | null = null;
  const result = await labs.fleet.call(record, bearerToken(request), (runner) => runner.send(record.id, input), (n) => (notice = n));
  return Response.json(notice ? { ...result, notice } : result, { headers: withNotice(notice) });
}

export async function deleteSandboxRoute(labs: LabServices, id: string | undefined, request: Request, limiter: RateLimiter) {
  const record = await authorisedRecord(labs, id, request, limiter);
  await labs.fleet.dispose(record);
  return new Response(null, { status: 204, headers: noStore });
}
