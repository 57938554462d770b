import { defineMiddleware } from 'astro:middleware';
import { CSRF_FIELD, CSRF_HEADER, isStateChanging, originAllowed, tokensMatch } from './server/auth/csrf';
import { findSession, SESSION_COOKIE } from './server/auth/sessions';
import { ForbiddenError } from './server/errors';
import { errorResponse } from './server/http/errors';
import { getStore } from './server/store/instance';
import { labEngine } from './server/lab-api/instance';

/**
 * Loads the session into `locals` and guards every state-changing request: the Origin must be ours, and a
 * signed-in request must carry the session's CSRF token (header for scripts, hidden field for forms).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.csrfToken = null;
  context.locals.sessionToken = null;
  if (context.isPrerendered) return next();
  labEngine(); // started with the first request, so its capacity line and warm pool come at start-up

  const { request } = context;
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  const session = token ? findSession(getStore().sessions, token) : undefined;
  if (session) {
    context.locals.user = session.user;
    context.locals.csrfToken = session.csrfToken;
    context.locals.sessionToken = token!;
  }

  if (isStateChanging(request.method)) {
    if (!originAllowed(request, context.url.origin)) {
      return errorResponse(new ForbiddenError('Cross-site request refused.'));
    }
    if (session && !tokensMatch(session.csrfToken, await sentCsrfToken(request))) {
      return errorResponse(new ForbiddenError('Missing or invalid CSRF token. Reload the page and try again.'));
    }
  }
  return next();
});

async function sentCsrfToken(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === 'string' ? value : null;
  }
  return null;
}
