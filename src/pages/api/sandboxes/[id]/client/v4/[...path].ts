import type { APIRoute } from 'astro';
import { cloudflareApiRateLimit, labEngine } from '../../../../../../server/lab-api/instance';
import { cloudflareApiRoute } from '../../../../../../server/lab-api/cloudflare-api-routes';

export const prerender = false;

/** The sandbox's Cloudflare API v4 (the `apiBase` returned when the sandbox is created). */
export const ALL: APIRoute = ({ params, request }) => cloudflareApiRoute(labEngine(), params.id, request, cloudflareApiRateLimit);
