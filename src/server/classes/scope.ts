import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { SessionUser } from '../http/request';
import type { Store } from '../store/create-store';
import type { CourseClass } from './store';

/**
 * What an instructor may see: one of the classes they teach (chosen by `?class=`), its learners and members.
 * Every instructor page, export and action goes through this; nothing instructor-facing reads all users.
 */
export interface ClassScope {
  user: SessionUser;
  admin: boolean;
  /** Every class this user teaches (the class picker). */
  taught: CourseClass[];
  current: CourseClass;
  learnerIds: Set<number>;
  memberIds: Set<number>;
  /** Query string that keeps the chosen class on links and redirects. */
  query: string;
}

export async function classScope(store: Store, user: SessionUser | null, requested?: string | number | null): Promise<ClassScope> {
  if (!user) throw new UnauthenticatedError();
  const admin = await store.classes.isAdmin(user.id);
  const taught = (await store.classes.classesOf(user.id)).filter((c) => c.role === 'instructor');
  if (taught.length === 0) throw new ForbiddenError(admin ? 'You teach no class yet: create one (or add yourself to one) on the Classes page.' : 'Only instructors can do this.');
  const wanted = requested === undefined || requested === null || requested === '' ? undefined : Number(requested);
  const current = wanted === undefined ? taught[0]! : taught.find((c) => c.id === wanted);
  if (!current) throw new NotFoundError('No such class among the classes you teach.');
  const members = await store.classes.members(current.id);
  return {
    user,
    admin,
    taught,
    current,
    learnerIds: new Set(members.filter((m) => m.role === 'learner').map((m) => m.userId)),
    memberIds: new Set(members.map((m) => m.userId)),
    query: `class=${current.id}`,
  };
}

/** 404 unless `userId` is a member of the scope's class: another class's learner does not exist for this instructor. */
export function assertInScope(scope: ClassScope, userId: number): void {
  if (!scope.memberIds.has(userId)) throw new NotFoundError('No such learner in this class.');
}

/** For actions on one learner: the class is the one they share with the instructor (or the chosen one). */
export async function scopeForLearner(store: Store, user: SessionUser | null, learnerId: number, requested?: string | number | null): Promise<ClassScope> {
  if (requested !== undefined && requested !== null && requested !== '') {
    const scope = await classScope(store, user, requested);
    assertInScope(scope, learnerId);
    return scope;
  }
  const first = await classScope(store, user);
  for (const c of first.taught) {
    if ((await store.classes.roleIn(c.id, learnerId)) !== undefined) return classScope(store, user, c.id);
  }
  throw new NotFoundError('No such learner in the classes you teach.');
}

export async function requireAdmin(store: Store, user: SessionUser | null): Promise<SessionUser> {
  if (!user) throw new UnauthenticatedError();
  if (!(await store.classes.isAdmin(user.id))) throw new ForbiddenError('Only a site administrator can do this.');
  return user;
}

/** Keeps the chosen class on an instructor link. */
export const withClass = (path: string, scope: { current: { id: number } } | undefined): string =>
  scope ? `${path}${path.includes('?') ? '&' : '?'}class=${scope.current.id}` : path;

/**
 * The audit log as one class's instructor may read it: entries about its members (by `details.userId`), or, when an
 * entry names no learner, made by one of its members. A site administrator reads everything.
 */
export function auditInScope<T extends { actorId: number | null; details: unknown }>(scope: ClassScope, entries: T[]): T[] {
  if (scope.admin) return entries;
  return entries.filter((e) => {
    const about = (e.details as { userId?: unknown } | null)?.userId;
    if (typeof about === 'number') return scope.memberIds.has(about);
    return e.actorId !== null && scope.memberIds.has(e.actorId);
  });
}
