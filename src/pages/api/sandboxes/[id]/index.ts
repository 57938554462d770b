import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labServices, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { deleteSandboxRoute } from '../../../../server/lab-api/sandbox-routes';

export const prerender = false;

export const DELETE: APIRoute = ({ params, request }) => handle(async () => deleteSandboxRoute(await labServices(), params.id, request, sandboxRateLimit));
