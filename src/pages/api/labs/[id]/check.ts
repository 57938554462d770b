import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labEngine, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { checkLabRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

export const POST: APIRoute = ({ params, request, url }) =>
  handle(() => checkLabRoute(labEngine(), params.id, url.searchParams.get('sandbox') ?? undefined, request, sandboxRateLimit, async () => {}));
