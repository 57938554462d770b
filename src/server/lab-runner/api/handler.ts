import { z } from 'zod';
import { BodyTooLargeError, readCapped } from '../../http/read-capped';
import type { LabRunner } from '../types';
import { authorised } from './auth';
import { cancelPreparedBodySchema, checkBodySchema, createBodySchema, prepareBodySchema, RUNNER_API_PREFIX, runBodySchema, sandboxIdSchema, sendBodySchema } from './schemas';
import { toWireError } from './wire-errors';

// Room for a 25 MiB KV value (Cloudflare's limit) sent through the sandbox's API.
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const json = (value: unknown, status = 200) => Response.json(value, { status, headers: { 'cache-control': 'no-store' } });
const fail = (error: unknown) => {
  const wire = toWireError(error);
  return json({ error: wire }, wire.status);
};

async function body<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = new TextDecoder().decode(await readCapped(request, MAX_BODY_BYTES));
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch {
    throw Object.assign(new Error('The body is not JSON.'), { status: 400 });
  }
  return schema.parse(value);
}

/** One JSON object per line; the last line is the outcome (`done` or `error`). */
function ndjson(job: (line: (value: unknown) => void) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const line = (value: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      try {
        await job(line);
      } catch (error) {
        line({ type: 'error', error: toWireError(error) });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
}

export interface RunnerApiOptions {
  runner: LabRunner;
  secret: string;
}

/**
 * The lab runner's internal HTTP API (README, "Scaling out"). Every call needs `Authorization: Bearer
 * <LAB_RUNNER_SECRET>`; anything else is 401 before a body is read.
 */
export function createRunnerApi({ runner, secret }: RunnerApiOptions) {
  return async function handle(request: Request): Promise<Response> {
    if (!authorised(request.headers.get('authorization'), secret))
      return json({ error: { code: 'unauthorized', message: 'This lab runner needs its secret (LAB_RUNNER_SECRET).', status: 401 } }, 401);
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${RUNNER_API_PREFIX}/`)) return json({ error: { code: 'not_found', message: 'Not a lab runner route.', status: 404 } }, 404);
    const parts = url.pathname.slice(RUNNER_API_PREFIX.length + 1).split('/');
    const method = request.method;
    try {
      if (parts[0] === 'health' && method === 'GET') return json({ runnerId: runner.id, capacity: await runner.capacity() });
      if (parts[0] === 'capacity' && method === 'GET') return json(await runner.capacity());
      if (parts[0] === 'admin' && parts[1] === 'drain' && method === 'POST') return json(await runner.drain());
      if (parts[0] === 'admin' && parts[1] === 'prepare' && method === 'POST') return (await runner.prepareFor(await body(request, prepareBodySchema)), json({ prepared: true }));
      if (parts[0] === 'admin' && parts[1] === 'cancel-prepared' && method === 'POST') {
        const input = await body(request, cancelPreparedBodySchema);
        return (await runner.cancelPrepared(input.labId, input.at), json({ cancelled: true }));
      }
      if (parts[0] !== 'sandboxes') return json({ error: { code: 'not_found', message: 'Not a lab runner route.', status: 404 } }, 404);
      if (parts.length === 1 && method === 'POST') return json(await runner.create(await body(request, createBodySchema)), 201);
      const id = sandboxIdSchema.parse(decodeURIComponent(parts[1] ?? ''));
      const action = parts[2];
      if (action === undefined && method === 'DELETE') return (await runner.dispose(id), new Response(null, { status: 204 }));
      if (action === 'stop' && method === 'POST') return json({ stopped: await runner.stop(id) });
      if (action === 'requests' && method === 'POST') return json(await runner.send(id, await body(request, sendBodySchema)));
      if (action === 'run' && method === 'POST') {
        const input = await body(request, runBodySchema);
        return ndjson(async (line) => {
          const result = await runner.run(id, input, (stage) => line({ type: 'stage', stage }));
          line({ type: 'done', result });
        });
      }
      if (action === 'check' && method === 'POST') {
        const input = await body(request, checkBodySchema);
        return ndjson(async (line) => {
          const results = await runner.check(id, input, {
            onCheckStart: (index, title) => line({ type: 'check-start', index, title }),
            onResult: (result) => line({ type: 'result', result }),
          });
          line({ type: 'done', results });
        });
      }
      if (action === 'cloudflare') {
        const path = `/${parts.slice(3).join('/')}`;
        const raw = method === 'GET' || method === 'HEAD' ? undefined : await readCapped(request, MAX_BODY_BYTES);
        const forwarded = new Request(`https://runner.internal/client/v4${path}${url.search}`, { method, headers: request.headers, ...(raw ? { body: raw as BodyInit } : {}) });
        return await runner.cloudflareApi(id, path, forwarded);
      }
      return json({ error: { code: 'not_found', message: 'Not a lab runner route.', status: 404 } }, 404);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return json({ error: { code: 'too_large', message: error.message, status: 413 } }, 413);
      if (error instanceof z.ZodError) return json({ error: { code: 'invalid_input', message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), status: 400 } }, 400);
      if (error instanceof Error && (error as { status?: number }).status === 400) return json({ error: { code: 'invalid_input', message: error.message, status: 400 } }, 400);
      return fail(error);
    }
  };
}
