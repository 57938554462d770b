import type { APIRoute } from 'astro';
import { cloudflareApiRateLimit, labServices } from '../../../../../../server/lab-api/instance';
import { cloudflareApiRoute } from '../../../../../../server/lab-api/cloudflare-api-routes';

export const prerender = false;

/** The sandbox's Cloudflare API v4 (the `apiBase` returned when the sandbox is created). */
export const ALL: APIRoute = async ({ params, request }) => cloudflareApiRoute(await labServices(), params.id, request, cloudflareApiRateLimit);
