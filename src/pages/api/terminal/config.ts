import type { APIRoute } from 'astro';
import { terminalSettings } from '../../../server/terminal/settings';

export const prerender = false;

/** Whether pages may boot the in-browser terminal, and the WebContainer licence's client id (public by design). */
export const GET: APIRoute = () => Response.json(terminalSettings(), { headers: { 'cache-control': 'no-store' } });
