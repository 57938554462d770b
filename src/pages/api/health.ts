import type { APIRoute } from 'astro';
import { getAppInfo } from '../../server/app-info';

export const prerender = false;

export const GET: APIRoute = () =>
  Response.json({ status: 'ok', ...getAppInfo() }, { headers: { 'cache-control': 'no-store' } });
