import type { APIContext, APIRoute } from 'astro';
import { AppError } from '../errors';
import { errorResponse } from './errors';
import { json, safeRedirect, wantsRedirect } from './request';

/**
 * Wraps a route handler so every thrown error becomes the standard JSON error response. A plain HTML form
 * (no script) instead gets a 303 back to the page it came from with `?error=`, so the page can say what failed.
 */
export function route(handler: (context: APIContext) => Promise<Response> | Response): APIRoute {
  return async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      if (error instanceof AppError && context.request.method === 'POST' && wantsRedirect(context.request)) {
        const back = refererPath(context);
        if (back) {
          const url = new URL(back, context.url);
          url.searchParams.set('error', error.message);
          return new Response(null, { status: 303, headers: { location: url.pathname + url.search } });
        }
      }
      return errorResponse(error);
    }
  };
}

function refererPath(context: APIContext): string | undefined {
  const referer = context.request.headers.get('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.origin !== context.url.origin) return undefined;
    url.searchParams.delete('error');
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

/** Success: JSON for scripts, 303 to `redirect` (same-site only) for forms. */
export function done(context: APIContext, redirect: string | undefined, fallback: string, body: unknown): Response {
  if (wantsRedirect(context.request)) return new Response(null, { status: 303, headers: { location: safeRedirect(redirect, fallback) } });
  return json(body);
}
