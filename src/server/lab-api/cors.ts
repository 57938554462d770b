import { configuredOrigins } from '../http/site-origin';

/**
 * CORS for the sandbox's Cloudflare API. wrangler, the SDK and curl send no Origin and are unaffected;
 * a browser (the in-page terminal) may call it only from the site's own origin. Everything else is refused
 * outright, preflight or not, so another site's page cannot use a learner's token even by accident.
 */

/**
 * The site's own origin(s): `SITE_ORIGIN` (comma-separated for several, see http/site-origin.ts), else the server's
 * own http://HOST:PORT — on loopback both names of it, since a learner may type either.
 */
export function siteOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const configured = configuredOrigins(env);
  if (configured) return configured;
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = env.PORT?.trim() || '4321';
  const hosts = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host.includes(':') ? `[${host}]` : host];
  return hosts.map((h) => `http://${h}:${port}`);
}

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, accept, cf-access-client-id, cf-access-client-secret, user-agent';

export type CorsDecision =
  | { kind: 'no-origin' }
  | { kind: 'refused'; response: Response }
  | { kind: 'preflight'; response: Response }
  | { kind: 'allowed'; headers: Record<string, string> };

function refused(origin: string): Response {
  return Response.json(
    { success: false, errors: [{ code: 10000, message: `Cross-origin request from ${origin} refused: this sandbox API answers browsers on the course site only.` }], messages: [], result: null },
    { status: 403, headers: { vary: 'Origin', 'cache-control': 'no-store' } },
  );
}

/** Decides what CORS means for one request to the sandbox API. */
export function corsFor(request: Request, allowed: readonly string[]): CorsDecision {
  const origin = request.headers.get('origin');
  if (!origin) return { kind: 'no-origin' };
  if (!allowed.includes(origin)) return { kind: 'refused', response: refused(origin) };
  const base = { 'access-control-allow-origin': origin, vary: 'Origin' };
  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
    return {
      kind: 'preflight',
      response: new Response(null, {
        status: 204,
        headers: { ...base, 'access-control-allow-methods': ALLOWED_METHODS, 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': '600' },
      }),
    };
  }
  return { kind: 'allowed', headers: { ...base, 'access-control-expose-headers': 'retry-after' } };
}

/** Copies the CORS headers onto a response (the API's responses are freshly built, so mutable). */
export function withCors(response: Response, headers: Record<string, string>): Response {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
  return out;
}
