import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labServices, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { runLabRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

export const POST: APIRoute = ({ params, request, url }) =>
  handle(async () => runLabRoute(await labServices(), params.id, url.searchParams.get('sandbox') ?? undefined, request, sandboxRateLimit));
