import { classScope, type ClassScope } from '../classes/scope';
import { AppError } from '../errors';
import { getStore } from '../store/instance';
import type { SessionUser } from './request';

export type PageGuard =
  | { kind: 'redirect'; location: string }
  | { kind: 'forbidden'; status: 403 | 404; message?: string }
  | { kind: 'ok'; user: SessionUser; scope: ClassScope };

const toSignIn = (url: URL) => ({ kind: 'redirect' as const, location: `/sign-in/?next=${encodeURIComponent(url.pathname + url.search)}` });

/**
 * Server-rendered instructor pages: anonymous → sign-in (then back); through only for an instructor of the class in
 * `?class=` (their first class when absent). Not teaching any class → 403; a class they do not teach → 404.
 */
export async function guardInstructorPage(locals: App.Locals, url: URL): Promise<PageGuard> {
  if (!locals.user) return toSignIn(url);
  try {
    return { kind: 'ok', user: locals.user, scope: await classScope(getStore(), locals.user, url.searchParams.get('class')) };
  } catch (error) {
    if (error instanceof AppError) return { kind: 'forbidden', status: error.code === 'not_found' ? 404 : 403, message: error.message };
    throw error;
  }
}

/** Site administration pages (LTI platforms, site settings, the audit log): site administrators only. */
export async function guardAdminPage(locals: App.Locals, url: URL): Promise<{ kind: 'redirect'; location: string } | { kind: 'forbidden'; status: 403 } | { kind: 'ok'; user: SessionUser }> {
  if (!locals.user) return toSignIn(url);
  if (!(await getStore().classes.isAdmin(locals.user.id))) return { kind: 'forbidden', status: 403 };
  return { kind: 'ok', user: locals.user };
}
