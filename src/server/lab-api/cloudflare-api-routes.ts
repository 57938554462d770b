import { apiError, errorToResponse, handleCloudflareApi, type ApiAccount } from '../cloudflare-api';
import { IMPORT_UPLOAD_PATH, receiveImportUpload } from '../cloudflare-api/d1-import';
import type { LabEngine, Sandbox } from '../lab-engine';
import { corsFor, siteOrigins, withCors } from './cors';
import { bearerToken } from './http';
import type { createRateLimiter } from './rate-limit';

type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The sandbox account as seen from the learner's terminal: changes wait their turn in the sandbox queue. */
function accountOf(sandbox: Sandbox): ApiAccount {
  return {
    accountId: sandbox.accountId,
    read: (fn) => fn(sandbox.state),
    change: (fn) => sandbox.change(fn),
    validateUpload: (upload, target) => sandbox.validateUpload(upload, target),
    kv: (id) => sandbox.kv(id),
    d1: (id) => sandbox.d1(id),
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

function limited(limiter: RateLimiter, sandbox: Sandbox): Response | null {
  const wait = limiter.take(`cf-api:${sandbox.id}`);
  if (wait === 0) return null;
  const response = errorToResponse(apiError(429, 971, `Please wait and consider throttling your request speed: too many API calls to this sandbox, retry in ${wait} s.`));
  response.headers.set('retry-after', String(wait));
  return response;
}

/** D1 import files are PUT without credentials to the one-time URL the import's `init` returned (a presigned URL on the platform). */
function importUpload(engine: LabEngine, id: string | undefined, request: Request): Promise<Response> | null {
  const prefix = `/api/sandboxes/${encodeURIComponent(id ?? '')}/client/v4`;
  const path = new URL(request.url).pathname;
  const match = path.startsWith(prefix) ? IMPORT_UPLOAD_PATH.exec(path.slice(prefix.length)) : null;
  const sandbox = match ? engine.find(id ?? '') : undefined;
  if (!match || !sandbox) return null;
  return receiveImportUpload(sandbox.accountId, match[1]!, request).catch(errorToResponse);
}

let ownOrigins: string[] | undefined;

/**
 * `…/api/sandboxes/{id}/client/v4/{path}` from curl, the SDK or wrangler, with the sandbox token. Browsers
 * (the in-page terminal) get CORS from the site's own origin only; other origins are refused.
 */
export async function cloudflareApiRoute(engine: LabEngine, id: string | undefined, request: Request, limiter: RateLimiter, origins?: readonly string[]): Promise<Response> {
  const cors = corsFor(request, origins ?? (ownOrigins ??= siteOrigins()));
  if (cors.kind === 'refused' || cors.kind === 'preflight') return cors.response;
  const response = await answerApi(engine, id, request, limiter);
  return cors.kind === 'allowed' ? withCors(response, cors.headers) : response;
}

async function answerApi(engine: LabEngine, id: string | undefined, request: Request, limiter: RateLimiter): Promise<Response> {
  const upload = request.method === 'PUT' ? importUpload(engine, id, request) : null;
  if (upload) return upload;
  let sandbox: Sandbox;
  try {
    sandbox = engine.get(id ?? '', bearerToken(request));
  } catch {
    return errorToResponse(apiError(401, 10000, 'Authentication error: send the sandbox token as "Authorization: Bearer <token>" (unknown sandbox or wrong token; sandboxes expire when idle).'));
  }
  const url = new URL(request.url);
  const prefix = `/api/sandboxes/${encodeURIComponent(sandbox.id)}/client/v4`;
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
  return limited(limiter, sandbox) ?? handleCloudflareApi(accountOf(sandbox), request, path || '/');
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
  return limited(limiter, sandbox) ?? handleCloudflareApi(accountDuringRun(sandbox), request, url.pathname.slice('/client/v4'.length));
}
