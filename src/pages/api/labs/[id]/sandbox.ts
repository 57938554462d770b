import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { creationRateLimit, labEngine } from '../../../../server/lab-api/instance';
import { createLabSandboxRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

export const POST: APIRoute = ({ params, clientAddress }) =>
  handle(() => createLabSandboxRoute(labEngine(), params.id, clientAddress, creationRateLimit));
