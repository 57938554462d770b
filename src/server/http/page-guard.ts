import type { SessionUser } from './request';

export type PageGuard = { kind: 'redirect'; location: string } | { kind: 'forbidden' } | { kind: 'ok'; user: SessionUser };

/** Server-rendered instructor pages: anonymous → sign-in (then back), learners → 403, instructors → through. */
export function guardInstructorPage(locals: App.Locals, url: URL): PageGuard {
  if (!locals.user) return { kind: 'redirect', location: `/sign-in/?next=${encodeURIComponent(url.pathname + url.search)}` };
  if (locals.user.role !== 'instructor') return { kind: 'forbidden' };
  return { kind: 'ok', user: locals.user };
}
