import { LabError, type LabEngine, type Sandbox } from '../lab-engine';
import { bearerToken, noStore, readJson } from './http';
import type { createRateLimiter } from './rate-limit';
import { admitSandbox, type AdmissionRequest } from './sandbox-admission';

type RateLimiter = ReturnType<typeof createRateLimiter>;

export const MAX_REQUEST_JSON_BYTES = 2 * 1024 * 1024;

export function sandboxInfo(sandbox: Sandbox, origin: string) {
  return {
    id: sandbox.id,
    token: sandbox.token,
    accountId: sandbox.accountId,
    apiBase: `${origin}/api/sandboxes/${sandbox.id}/client/v4`,
  };
}

/** Takes one request from the budget, or refuses with how long to wait. */
export function limit(limiter: RateLimiter, key: string, what: string) {
  const wait = limiter.take(key);
  if (wait > 0) throw new LabError('limit_reached', `Too many ${what}: wait ${wait} s and try again.`);
}

/**
 * The raw sandbox API (curl, wrangler, the SDK). Sends `{ "queue": true }` to wait in line like the
 * workbench does (202 with a ticket); otherwise a full server answers 503 with a message.
 */
export async function createSandboxRoute(engine: LabEngine, request: Request, admission: Omit<AdmissionRequest, 'wait'>) {
  return admitSandbox(engine, request, { ...admission, wait: 'when-asked' }, async (sandbox) =>
    Response.json(sandboxInfo(sandbox, new URL(request.url).origin), { status: 201, headers: noStore }),
  );
}

/** Resolves the sandbox named in the path, authorised by its Bearer token, within its request budget. */
export function authorisedSandbox(engine: LabEngine, id: string | undefined, request: Request, limiter: RateLimiter): Sandbox {
  const sandbox = engine.get(id ?? '', bearerToken(request));
  limit(limiter, sandbox.id, 'requests to this sandbox');
  return sandbox;
}

export async function sendRequestRoute(sandbox: Sandbox, request: Request) {
  const input = await readJson(request, MAX_REQUEST_JSON_BYTES);
  const result = await sandbox.send(input as never);
  return Response.json(result, { headers: noStore });
}
