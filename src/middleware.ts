import { defineMiddleware } from 'astro:middleware';
import { CSRF_FIELD, CSRF_HEADER, isStateChanging, originAllowed, tokensMatch } from './server/auth/csrf';
import { findSession, SESSION_COOKIE } from './server/auth/sessions';
import { ForbiddenError } from './server/errors';
import { MAX_BODY_BYTES } from './server/http/body-limits';
import { errorResponse } from './server/http/errors';
import { parseForm, readCapped } from './server/http/read-capped';
import { inlineScriptHashes, responseHeaders } from './server/http/response-headers';
import { publicOrigin, sameSiteOrigins, secureContext } from './server/http/site-origin';
import { isCrossSitePostPath } from './server/lti/claims';
import { getStore } from './server/store/instance';
import { labServices } from './server/lab-api/instance';
import { loadFramePolicy } from './server/http/frame-policy';

/**
 * Loads the session into `locals` and guards every state-changing request: the Origin must be ours, and a
 * signed-in request must carry the session's CSRF token (header for scripts, hidden field for forms).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.csrfToken = null;
  context.locals.sessionToken = null;
  context.locals.site = { origin: context.url.origin, secure: false };
  if (context.isPrerendered) return next();
  // Started with the first request, so the runner's capacity line and warm pool come at start-up.
  void labServices().catch((error) => console.error('[labs] the lab services did not start:', error));

  const { request } = context;
  // The origin the browser is on (SITE_ORIGIN behind a proxy), not the one Astro builds from the socket.
  const peer = context.clientAddress;
  context.locals.site = { origin: publicOrigin(request, peer), secure: secureContext(request, peer) };
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  // Liveness and readiness never depend on a session lookup (the store may be what is down).
  const probe = context.url.pathname === '/api/health' || context.url.pathname === '/api/ready';
  let session: Awaited<ReturnType<typeof findSession>>;
  try {
    session = token && !probe ? await findSession(getStore().sessions, token) : undefined;
  } catch (error) {
    return errorResponse(error); // the store is unreachable: a 503 that says so, not a 500
  }
  if (session) {
    context.locals.user = session.user;
    context.locals.csrfToken = session.csrfToken;
    context.locals.sessionToken = token!;
  }

  // LTI login and launch posts come from the LMS's origin; state + nonce authenticate them instead (src/server/lti).
  if (isStateChanging(request.method) && !isCrossSitePostPath(context.url.pathname)) {
    if (!originAllowed(request, sameSiteOrigins(request, peer))) {
      return errorResponse(new ForbiddenError('Cross-site request refused.'));
    }
    try {
      if (session && !tokensMatch(session.csrfToken, await sentCsrfToken(request))) {
        return errorResponse(new ForbiddenError('Missing or invalid CSRF token. Reload the page and try again.'));
      }
    } catch (error) {
      return errorResponse(error); // An oversize or malformed form: 413/400, never a 500.
    }
  }
  // `astro dev` injects its own unhashed scripts; the CSP is for the built site (scripts/serve.mjs).
  return import.meta.env.DEV ? next() : withPageCsp(context.url.pathname, await next());
});

/** Pages rendered on demand get a CSP naming the hashes of their own inline scripts. */
async function withPageCsp(pathname: string, response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('text/html') || !response.body) return response;
  await loadFramePolicy(pathname);
  const html = await response.text();
  const headers = new Headers(response.headers);
  const csp = responseHeaders(pathname, { scriptHashes: inlineScriptHashes(html) })['Content-Security-Policy']!;
  headers.set('content-security-policy', csp);
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

async function sentCsrfToken(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    // Read through the cap: a chunked form cannot grow memory past it, and a malformed one is a 400.
    const form = await parseForm(await readCapped(request.clone(), MAX_BODY_BYTES), type);
    const value = form.get(CSRF_FIELD);
    return typeof value === 'string' ? value : null;
  }
  return null;
}
