/**
 * Where `npm run compare:cloudflare` deploys and sends requests: a course sandbox (its Cloudflare-compatible
 * API plus its request route) or a real Cloudflare account (the API, a workers.dev entry Worker and live
 * tails for the log lines). Both are driven through the same Cloudflare API calls.
 */
export interface Outcome {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The dispatch Worker's own console lines, in order. */
  logs: string[];
  error: string | null;
}

export interface SendSpec {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Target {
  label: string;
  apiBase: string;
  accountId: string;
  token: string;
  api(method: string, path: string, body?: BodyInit, headers?: Record<string, string>): Promise<{ status: number; json: { success: boolean; errors: Array<{ code: number; message: string }>; result: unknown } }>;
  /** Prepares sending to an account Worker (Cloudflare: an entry Worker on workers.dev). */
  prepare(dispatcher: string): Promise<void>;
  send(dispatcher: string, request: SendSpec): Promise<Outcome>;
  cleanup(): Promise<void>;
}

function apiCaller(apiBase: string, token: string) {
  return async (method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(`${apiBase}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, ...headers } });
    const text = await response.text();
    let json: { success: boolean; errors: Array<{ code: number; message: string }>; result: unknown };
    try {
      json = JSON.parse(text);
    } catch {
      json = { success: false, errors: [{ code: 0, message: text.slice(0, 300) }], result: null };
    }
    return { status: response.status, json };
  };
}

const COURSE_API = /^(https?:\/\/[^/]+)\/api\/sandboxes\/([^/]+)\/client\/v4\/?$/;

/** A course sandbox: an API base like http://host/api/sandboxes/{id}/client/v4. */
export function courseTarget(label: string, apiBase: string, accountId: string, token: string): Target {
  const match = COURSE_API.exec(apiBase);
  if (!match) throw new Error(`${label}: ${apiBase} is not a course sandbox API base (…/api/sandboxes/{id}/client/v4).`);
  const [, origin, id] = match;
  return {
    label,
    apiBase,
    accountId,
    token,
    api: apiCaller(apiBase, token),
    prepare: async () => {},
    async send(dispatcher, request) {
      const response = await fetch(`${origin}/api/sandboxes/${id}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ script: dispatcher, url: request.url, method: request.method, headers: request.headers ?? {}, ...(request.body !== undefined ? { body: request.body } : {}) }),
      });
      const run = (await response.json()) as { status: number | null; headers?: Record<string, string>; body?: string; logs?: Array<{ worker: string; message: string }>; error?: { message: string } | null };
      if (!response.ok && run.status === undefined) return { status: null, headers: {}, body: '', logs: [], error: JSON.stringify(run) };
      return {
        status: run.status,
        headers: run.headers ?? {},
        body: run.body ?? '',
        logs: (run.logs ?? []).filter((l) => l.worker === dispatcher && !l.message.startsWith('Uncaught ')).map((l) => l.message),
        error: run.error?.message ?? null,
      };
    },
    cleanup: async () => {},
  };
}

export const isCourseApi = (apiBase: string) => COURSE_API.test(apiBase);

/** Creates a sandbox on a course server and returns it as a target. */
export async function newCourseSandbox(label: string, serverUrl: string): Promise<Target> {
  const response = await fetch(`${serverUrl.replace(/\/$/, '')}/api/sandboxes`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`${label}: could not create a sandbox on ${serverUrl} (${response.status} ${await response.text()}).`);
  const sb = (await response.json()) as { apiBase: string; accountId: string; token: string };
  return courseTarget(label, sb.apiBase, sb.accountId, sb.token);
}
