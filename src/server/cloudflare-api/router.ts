import { apiError } from './envelope';
import type { ApiHandler } from './context';

export interface Route {
  method: string;
  /** Like `/accounts/:account_id/workers/scripts/:script`; `:name` matches one path segment. */
  pattern: string;
  handler: ApiHandler;
}

export interface RouteMatch {
  handler: ApiHandler;
  params: Record<string, string>;
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) {
      if (s === '') return null;
      try {
        params[p.slice(1)] = decodeURIComponent(s);
      } catch {
        throw apiError(400, 10021, `Path segment "${s}" is not valid percent-encoding.`);
      }
    } else if (p !== s) return null;
  }
  return params;
}

/** Method + path routing. A known path with another method is 405; an unknown path is "unsupported". */
export function createRouter(routes: Route[]) {
  const compiled = routes.map((r) => ({ ...r, parts: r.pattern.split('/').filter(Boolean) }));
  return function route(method: string, path: string): RouteMatch {
    const segments = path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
    let pathKnown = false;
    for (const r of compiled) {
      const params = matchPattern(r.parts, segments);
      if (!params) continue;
      if (r.method === method) return { handler: r.handler, params };
      pathKnown = true;
    }
    if (pathKnown) throw apiError(405, 10405, `Method ${method} is not supported on ${path} by the lab's Cloudflare API.`);
    throw apiError(
      501,
      7000,
      `The lab's Cloudflare API does not support ${method} ${path}. It emulates the Workers for Platforms subset (see the README's table of supported endpoints).`,
    );
  };
}
