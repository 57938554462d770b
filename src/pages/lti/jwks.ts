import type { APIRoute } from 'astro';
import { getLti } from '../../server/lti/instance';

export const prerender = false;

/** Our public keys (the jwks_uri we register); platforms verify our client assertions and deep-linking responses with them. */
export const GET: APIRoute = async () =>
  Response.json(await getLti().keys.jwks(), { headers: { 'cache-control': 'public, max-age=300' } });
