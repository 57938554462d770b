import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors';
import type { Store } from '../store/create-store';
import type { User } from '../store/users';
import { classSettingsSchema, type ClassSettings } from './schemas';
import type { ClassRole, CourseClass } from './store';

export type ClassCreation = 'instructors' | 'admins';
const CLASS_CREATION = 'class_creation';

/** "a, b" or lines → ids; empty → null (everything counts). */
function idList(value: string | string[] | undefined): string[] | null | undefined {
  if (value === undefined) return undefined;
  const ids = (Array.isArray(value) ? value : value.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean);
  return ids.length ? [...new Set(ids)] : null;
}
type OneQuizPatch = { quiz?: string; quizOpensAt?: string; quizClosesAt?: string; quizAttempts?: number | string; quizReview?: ClassSettings['review'] };

/** The per-quiz overrides with one quiz's replaced from the form; all fields empty removes it. */
function withOneQuiz(all: ClassSettings['perQuiz'], p: OneQuizPatch & { quiz: string }): ClassSettings['perQuiz'] {
  const { [p.quiz]: _old, ...rest } = all ?? {};
  const one = {
    opensAt: isoOrNull(p.quizOpensAt) ?? null,
    closesAt: isoOrNull(p.quizClosesAt) ?? null,
    attempts: p.quizAttempts === undefined || p.quizAttempts === '' ? null : Number(p.quizAttempts),
    review: p.quizReview ?? 'course',
  };
  const empty = one.opensAt === null && one.closesAt === null && one.attempts === null && one.review === 'course';
  return empty ? rest : { ...rest, [p.quiz]: one };
}

const isoOrNull = (value: string | undefined): string | null | undefined => {
  if (value === undefined) return undefined;
  if (value === '') return null;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(d.getTime())) throw new InvalidInputError(`${value} is not a date and time.`);
  return d.toISOString();
};

/** Classes: who may create them, joining by code or invitation, LMS contexts, settings and members. */
export function createClassService(store: Store) {
  const classes = () => store.classes;

  async function mayCreate(user: User | { id: number; role: string }): Promise<boolean> {
    if (await classes().isAdmin(user.id)) return true;
    return user.role === 'instructor' && ((await classes().setting(CLASS_CREATION)) ?? 'instructors') === 'instructors';
  }

  async function mustTeach(actorId: number, classId: number): Promise<CourseClass> {
    const c = await classes().get(classId);
    if (!c || (await classes().roleIn(classId, actorId)) !== 'instructor') throw new NotFoundError('No such class among the classes you teach.');
    return c;
  }

  return {
    mayCreate,
    mustTeach,
    async classCreation(): Promise<ClassCreation> {
      return (await classes().setting(CLASS_CREATION)) === 'admins' ? 'admins' : 'instructors';
    },
    async setClassCreation(actorId: number, value: ClassCreation): Promise<void> {
      if (!(await classes().isAdmin(actorId))) throw new ForbiddenError('Only a site administrator can change who may create classes.');
      await classes().setSetting(CLASS_CREATION, value);
      await store.audit.record({ actorId, action: 'site-settings', summary: `Classes may be created by: ${value}.`, details: { classCreation: value } });
    },
    async setAdmin(actorId: number, email: string, admin: boolean): Promise<User> {
      if (!(await classes().isAdmin(actorId))) throw new ForbiddenError('Only a site administrator can name site administrators.');
      const user = await store.users.findByEmail(email);
      if (!user) throw new NotFoundError(`No account with the email ${email}.`);
      if (!admin && user.id === actorId) throw new InvalidInputError('You cannot remove your own administrator role.');
      await classes().setAdmin(user.id, admin);
      await store.audit.record({ actorId, action: 'site-admin', summary: `${user.name} <${user.email}> ${admin ? 'is now' : 'is no longer'} a site administrator.`, details: { userId: user.id, admin } });
      return user;
    },

    /** A new class with its creator as its first instructor. */
    async create(actor: { id: number; role: string }, name: string): Promise<CourseClass> {
      if (!(await mayCreate(actor))) throw new ForbiddenError('You may not create classes on this site: ask a site administrator.');
      return store.transaction(async (tx) => {
        const c = await tx.classes.create({ name, createdBy: actor.id });
        await tx.classes.addMember(c.id, actor.id, 'instructor');
        await tx.audit.record({ actorId: actor.id, action: 'class', summary: `Created the class ${name}.`, details: { classId: c.id } });
        return c;
      });
    },

    /** Joins a class by its code (the invite link carries it); a closed class refuses new learners. */
    async join(userId: number, code: string): Promise<CourseClass> {
      const c = await classes().findByCode(code);
      if (!c) throw new NotFoundError('No class has this code. Check it with your instructor.');
      if (c.settings.closesAt && Date.parse(c.settings.closesAt) < Date.now()) throw new ConflictError(`The class ${c.name} closed on ${c.settings.closesAt.slice(0, 10)}; it takes no new learners.`);
      if ((await classes().roleIn(c.id, userId)) === undefined) await classes().addMember(c.id, userId, 'learner');
      return c;
    },

    /** Where a direct sign-up lands: the class of its invitation, or the site's default class. */
    async placeNewAccount(userId: number, role: ClassRole, inviteTokenHash?: string, code?: string): Promise<void> {
      const invited = inviteTokenHash ? await classes().inviteClass(inviteTokenHash) : undefined;
      const byCode = code ? await classes().findByCode(code) : undefined;
      const target = invited ?? byCode?.id ?? (await classes().defaultClass())?.id;
      if (target !== undefined) await classes().addMember(target, userId, role);
    },

    /**
     * The class of an LMS context (per platform and deployment), made on its first launch. LMS Instructors and
     * TeachingAssistants teach that class only; everyone else is one of its learners.
     */
    async forLaunch(tx: Store, input: { platformId: number; deploymentId: string; contextId: string | null; title: string; userId: number; role: ClassRole }): Promise<CourseClass> {
      const contextId = input.contextId ?? '(no course context)';
      let c = await tx.classes.findByContext(input.platformId, input.deploymentId, contextId);
      c ??= await tx.classes.create({ name: input.title, createdBy: null, lti: { platformId: input.platformId, deploymentId: input.deploymentId, contextId } });
      const current = await tx.classes.roleIn(c.id, input.userId);
      if (current === undefined) await tx.classes.addMember(c.id, input.userId, input.role);
      else if (current !== input.role) await tx.classes.setMemberRole(c.id, input.userId, input.role); // the LMS's roles are the truth for its class
      return c;
    },

    async updateSettings(actorId: number, classId: number, patch: { name?: string; opensAt?: string; closesAt?: string; review?: ClassSettings['review']; attempts?: number | string; labs?: string | string[]; quizzes?: string | string[]; perQuiz?: ClassSettings['perQuiz'] } & OneQuizPatch): Promise<CourseClass> {
      const c = await mustTeach(actorId, classId);
      const attempts = patch.attempts === undefined ? undefined : patch.attempts === '' ? null : Number(patch.attempts);
      const next = classSettingsSchema.safeParse({
        ...c.settings,
        ...(isoOrNull(patch.opensAt) !== undefined ? { opensAt: isoOrNull(patch.opensAt) } : {}),
        ...(isoOrNull(patch.closesAt) !== undefined ? { closesAt: isoOrNull(patch.closesAt) } : {}),
        ...(patch.review ? { review: patch.review } : {}),
        ...(attempts !== undefined ? { attempts } : {}),
        ...(idList(patch.labs) !== undefined ? { labs: idList(patch.labs) } : {}),
        ...(idList(patch.quizzes) !== undefined ? { quizzes: idList(patch.quizzes) } : {}),
        ...(patch.perQuiz !== undefined ? { perQuiz: patch.perQuiz } : {}),
        ...(patch.quiz ? { perQuiz: withOneQuiz(patch.perQuiz ?? c.settings.perQuiz, patch as OneQuizPatch & { quiz: string }) } : {}),
      });
      if (!next.success) throw new InvalidInputError(`These class settings are not valid: ${next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      await classes().update(classId, { name: patch.name, settings: next.data });
      await store.audit.record({ actorId, action: 'class-settings', summary: `Settings of ${patch.name ?? c.name} changed.`, details: { classId, settings: next.data } });
      return (await classes().get(classId))!;
    },

    /** Adds an existing account to a class the actor teaches (a co-instructor, or a learner). */
    async addMember(actorId: number, classId: number, email: string, role: ClassRole): Promise<User> {
      const c = await mustTeach(actorId, classId);
      const user = await store.users.findByEmail(email);
      if (!user) throw new NotFoundError(`No account with the email ${email}: send them the class's invite link instead.`);
      await classes().addMember(classId, user.id, role);
      if (role === 'instructor') await classes().setMemberRole(classId, user.id, 'instructor');
      await store.audit.record({ actorId, action: 'class-member', summary: `${user.name} added to ${c.name} as ${role}.`, details: { classId, userId: user.id, role } });
      return user;
    },

    async removeMember(actorId: number, classId: number, userId: number): Promise<void> {
      const c = await mustTeach(actorId, classId);
      if (userId === actorId) throw new InvalidInputError('You cannot remove yourself from a class you teach.');
      if (!(await classes().removeMember(classId, userId))) throw new NotFoundError('No such member in this class.');
      await store.audit.record({ actorId, action: 'class-member', summary: `Member #${userId} removed from ${c.name}.`, details: { classId, userId } });
    },
  };
}

export type ClassService = ReturnType<typeof createClassService>;
