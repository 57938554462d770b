import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labServices, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { sendRequestRoute } from '../../../../server/lab-api/sandbox-routes';

export const prerender = false;

export const POST: APIRoute = ({ params, request }) => handle(async () => sendRequestRoute(await labServices(), params.id, request, sandboxRateLimit));
