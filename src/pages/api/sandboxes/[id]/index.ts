import type { APIRoute } from 'astro';
import { handle, noStore } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { authorisedSandbox, sandboxInfo } from '../../../../server/lab-api/sandbox-routes';

export const prerender = false;

export const DELETE: APIRoute = ({ params, request }) =>
  handle(async () => {
    const engine = labEngine();
    const sandbox = authorisedSandbox(engine, params.id, request, sandboxRateLimit);
    await engine.dispose(sandbox.id);
    return new Response(null, { status: 204, headers: noStore });
  });

/** The sandbox's details and its storage use against LAB_STORAGE_MB. */
export const GET: APIRoute = ({ params, request }) =>
  handle(async () => {
    const sandbox = authorisedSandbox(labEngine(), params.id, request, sandboxRateLimit);
    return Response.json({ ...sandboxInfo(sandbox, new URL(request.url).origin), storage: await sandbox.storage() }, { headers: noStore });
  });
