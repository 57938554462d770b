import { apiError, errorToResponse, handleCloudflareApi, type ApiAccount } from '../cloudflare-api';
import { API_BASE_HEADER } from '../cloudflare-api/context';
import { IMPORT_UPLOAD_PATH } from '../cloudflare-api/d1-import';
import type { Sandbox } from '../lab-engine';
import type { SandboxRecord } from '../lab-runner/store/sandboxes';
import type { LabServices } from '../lab-runner/web-services';
import { NOTICE_HEADER } from './sandbox-routes';
import { corsFor, siteOrigins, withCors } from './cors';
import { bearerToken } from './http';
import { readCapped } from '../http/read-capped';
import { MAX_REQUEST_BYTES } from '../http/body-limits';
import type { Limiter } from './rate-limit';

type RateLimiter = Limiter;

/** The sandbox account as seen from the learner's terminal: changes wait their turn in the sandbox queue. */
export function accountOf(sandbox: Sandbox): ApiAccount {
  return {
    accountId: sandbox.accountId,
    read: (fn) => fn(sandbox.state),
    change: (fn) => sandbox.change(fn),
    validateUpload: (upload, target) => sandbox.validateUpload(upload, target),
    kv: (id) => sandbox.kv(id),
    d1: (id) => sandbox.d1(id),
    token: sandbox.token,
    runs: { subscribe: (listener) => sandbox.onRun(listener) },
  };
}

/**
 * The sandbox account as seen from a Worker during a run: the run holds the queue, so changes apply at
 * once (the next run serves them), and KV/D1 data calls, which would need the runtime, are refused.
 */
function accountDuringRun(sandbox: Sandbox): ApiAccount {
  const refuse = () =>
    Promise.reject(
      apiError(501, 7000, 'KV values and D1 queries over the REST API are not available to Workers running in the lab: use a kv_namespace or d1 binding.'),
    );
  return { accountId: sandbox.accountId, read: (fn) => fn(sandbox.state), change: (fn) => sandbox.changeDuringRun(fn), validateUpload: (upload, target) => sandbox.validateUpload(upload, target), kv: refuse, d1: refuse };
}

async function limited(limiter: RateLimiter, sandboxId: string): Promise<Response | null> {
  const wait = await limiter.take(`cf-api:${sandboxId}`);
  if (wait === 0) return null;
  const response = errorToResponse(apiError(429, 971, `Please wait and consider throttling your request speed: too many API calls to this sandbox, retry in ${wait} s.`));
  response.headers.set('retry-after', String(wait));
  return response;
}

let ownOrigins: string[] | undefined;

/**
 * `…/api/sandboxes/{id}/client/v4/{path}` from curl, the SDK or wrangler, with the sandbox token. Browsers
 * (the in-page terminal) get CORS from the site's own origin only; other origins are refused. The call is
 * served by the runner holding the sandbox (re-created elsewhere, with an `x-lab-notice`, if it was lost).
 */
export async function cloudflareApiRoute(labs: LabServices, id: string | undefined, request: Request, limiter: RateLimiter, origins?: readonly string[]): Promise<Response> {
  const cors = corsFor(request, origins ?? (ownOrigins ??= siteOrigins()));
  if (cors.kind === 'refused' || cors.kind === 'preflight') return cors.response;
  const response = await answerApi(labs, id, request, limiter);
  return cors.kind === 'allowed' ? withCors(response, cors.headers) : response;
}

async function answerApi(labs: LabServices, id: string | undefined, request: Request, limiter: RateLimiter): Promise<Response> {
  let record: SandboxRecord;
  const url = new URL(request.url);
  // D1 import files are PUT to the one-time URL the import's `init` returned, without an Authorization
  // header (a presigned URL on the platform): that URL carries the token.
  const upload = request.method === 'PUT' && IMPORT_UPLOAD_PATH.test(url.pathname.replace(/^.*\/client\/v4/, ''));
  const token = bearerToken(request) ?? (upload ? url.searchParams.get('token') : null);
  try {
    record = await labs.fleet.open(id, token);
  } catch {
    return errorToResponse(apiError(401, 10000, 'Authentication error: send the sandbox token as "Authorization: Bearer <token>" (unknown sandbox or wrong token; sandboxes expire when idle).'));
  }
  const prefix = `/api/sandboxes/${encodeURIComponent(record.id)}/client/v4`;
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
  const refused = await limited(limiter, record.id);
  if (refused) return refused;
  // The body is read once here: a retry on another runner needs it again.
  let body: Uint8Array | undefined;
  try {
    body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readCapped(request, MAX_REQUEST_BYTES);
  } catch {
    return errorToResponse(apiError(413, 10000, 'The request body is too large.'));
  }
  // The public base of this sandbox's API, for URLs the API hands out (live tails, D1 import uploads).
  const forwarded = new Headers(request.headers);
  forwarded.set(API_BASE_HEADER, `${url.origin}${prefix}`);
  forwarded.delete('authorization'); // the runner is reached with the fleet's secret; the token stays here
  const copy = () => new Request(request.url, { method: request.method, headers: forwarded, ...(body ? { body: body as BodyInit } : {}) });
  let notice: string | null = null;
  const response = await labs.fleet.call(record, token, (runner) => runner.cloudflareApi(record.id, path || '/', copy()), (n) => (notice = n));
  if (!notice) return response;
  const headers = new Headers(response.headers);
  headers.set(NOTICE_HEADER, notice);
  return new Response(response.body, { status: response.status, headers });
}

/**
 * `https://api.cloudflare.com/client/v4/{path}` fetched by a Worker inside the sandbox. Production code
 * sends its API token; in the lab that is the sandbox token, and anything else is refused like a token
 * without access to the account (403, code 10000).
 */
export async function inSandboxCloudflareApi(sandbox: Sandbox, request: Request, limiter: RateLimiter): Promise<Response> {
  if (!sandbox.checkToken(bearerToken(request)))
    return errorToResponse(apiError(403, 10000, 'Authentication error: in the lab, a Worker calling api.cloudflare.com must send "Authorization: Bearer <sandbox token>".'));
  const url = new URL(request.url);
  if (!url.pathname.startsWith('/client/v4/'))
    return errorToResponse(apiError(501, 7000, `The lab's Cloudflare API serves /client/v4/ only, not ${url.pathname}.`));
  return (await limited(limiter, sandbox.id)) ?? handleCloudflareApi(accountDuringRun(sandbox), request, url.pathname.slice('/client/v4'.length));
}
