import type { APIRoute } from 'astro';
import { handle } from '../../../server/lab-api/http';
import { creationRateLimit, labEngine } from '../../../server/lab-api/instance';
import { createSandboxRoute } from '../../../server/lab-api/sandbox-routes';

export const prerender = false;

export const POST: APIRoute = ({ request, clientAddress }) =>
  handle(() => createSandboxRoute(labEngine(), request, clientAddress, creationRateLimit));
