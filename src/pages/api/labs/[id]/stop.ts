import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { labServices, sandboxRateLimit } from '../../../../server/lab-api/instance';
import { stopLabRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

/** The Stop button: cancels whatever run or check is in flight in the learner's sandbox. */
export const POST: APIRoute = ({ params, request, url }) =>
  handle(async () => stopLabRoute(await labServices(), params.id, url.searchParams.get('sandbox') ?? undefined, request, sandboxRateLimit));
