import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { authorisedSandbox, sendRequestRoute } from '../../../../server/lab-api/sandbox-routes';

export const prerender = false;

export const POST: APIRoute = ({ params, request }) =>
  handle(() => sendRequestRoute(authorisedSandbox(labEngine(), params.id, request, sandboxRateLimit), request));
