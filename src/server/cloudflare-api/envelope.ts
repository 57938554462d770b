import { isLabError, type LabErrorCode } from '../lab-engine';

/**
 * Cloudflare API v4 envelopes and the one place errors become responses.
 *
 * Error codes: Cloudflare's where the platform documents or is known to use them, otherwise
 * Cloudflare-plausible ones (the lab's choices are marked):
 *   7000  no route for that URI (unsupported endpoint; lab answers 501 so clients fail loudly)
 *   971   rate limited (429)
 *   10000 authentication error (401/403)
 *   10007 account-level Worker not found (404)
 *   10092 user Worker not found in its dispatch namespace (404; wrangler deploy relies on it)
 *   10013 KV namespace not found (404), 7404 D1 database not found (404)
 *   10016 invalid_script_name (400)
 *   10021 validation error: metadata, bindings, modules (400)
 *   10026 already exists (409, lab choice)
 *   10090 dispatch namespace not found (404, lab choice)
 *   10143 a user Worker binds a sibling user Worker (400)
 *   10405 method not allowed on a known path (405, lab choice)
 *   10500 unexpected lab error (500, lab choice)
 *   7500  a KV/D1 call overran its time budget (504, lab choice)
 *   10009 KV key not found (404)
 *   10033 / 10034 / 10035 KV key too long (414) / value too large (413) / metadata too large (413) (lab choice;
 *         the messages are the runtime's own, see kv-limits.ts)
 *   10056 secret not found (404, lab choice)
 *   10057 too many live tails (429, lab choice)
 */
export interface ApiErrorBody {
  code: number;
  message: string;
}

export class CloudflareApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CloudflareApiError';
  }
}

export const apiError = (status: number, code: number, message: string) => new CloudflareApiError(status, code, message);
export const notFound = (message: string, code = 10090) => apiError(404, code, message);
export const validation = (message: string) => apiError(400, 10021, message);

const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export interface ResultInfo {
  page?: number;
  per_page?: number;
  count: number;
  total_count?: number;
  cursor?: string;
  total_pages?: number;
}

export function ok(result: unknown, init: { status?: number; resultInfo?: ResultInfo } = {}): Response {
  const body = { success: true, errors: [], messages: [], result, ...(init.resultInfo ? { result_info: init.resultInfo } : {}) };
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/**
 * A list result with Cloudflare's result_info. `?page=&per_page=` paginate as on the platform (clients such
 * as wrangler loop until a short page); without per_page every item comes on one page.
 */
export function okList(items: unknown[], query?: URLSearchParams): Response {
  const asked = Number(query?.get('per_page'));
  const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 1000) : Math.max(items.length, 20);
  const pageAsked = Number(query?.get('page'));
  const page = Number.isInteger(pageAsked) && pageAsked > 0 ? pageAsked : 1;
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return ok(slice, { resultInfo: { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.ceil(items.length / perPage) } });
}

export function failure(status: number, errors: ApiErrorBody[]): Response {
  return new Response(JSON.stringify({ success: false, errors, messages: [], result: null }), { status, headers });
}

const labCodes: Record<LabErrorCode, number> = {
  invalid_input: 10021,
  invalid_script_name: 10016,
  invalid_binding: 10143,
  not_found: 10090,
  already_exists: 10026,
  unsupported: 7000,
  limit_reached: 971,
  unauthorized: 10000,
  runtime_failed: 10500,
  script_invalid: 10021,
  timeout: 7500, // lab choice: D1's generic error code; the message says what overran
  quota_exceeded: 10037, // lab choice: the message names the quota (LAB_STORAGE_MB) and the use
  storage_full: 10037,
};

/** The engine's not-found messages name what is missing; each kind has its own platform code. */
function notFoundCode(message: string): number {
  if (message.startsWith('Script "')) return 10092;
  if (message.startsWith('Worker "')) return 10007;
  if (message.startsWith('KV namespace')) return 10013;
  if (message.startsWith('D1 database')) return 7404;
  return 10090;
}

/** Maps anything a handler throws to Cloudflare's error envelope. */
export function errorToResponse(error: unknown): Response {
  if (error instanceof CloudflareApiError) return failure(error.status, [{ code: error.code, message: error.message }]);
  if (isLabError(error)) {
    const code = error.code === 'not_found' ? notFoundCode(error.message) : labCodes[error.code];
    const message = error.code === 'invalid_script_name' ? `invalid_script_name: ${error.message}` : error.message;
    return failure(error.status, [{ code, message }]);
  }
  console.error('[cloudflare-api] unexpected error', error);
  return failure(500, [{ code: 10500, message: 'The lab API hit an unexpected error. Try again.' }]);
}
