import { z } from 'zod';

const when = z.iso.datetime({ offset: true }).nullable().default(null);
const ids = z.array(z.string().trim().min(1).max(100)).max(500).nullable().default(null);

const review = z.enum(['course', 'after-close', 'never']);
const attempts = z.number().int().min(1).max(100).nullable().default(null);

/** One quiz's dates, attempts and review for this class, replacing the quiz file's (null/'course': the class-wide rule). */
export const quizOverrideSchema = z.object({ opensAt: when, closesAt: when, attempts, review: review.default('course') });
export type QuizOverride = z.infer<typeof quizOverrideSchema>;
const quizId = z.string().trim().min(1).max(100);

/** A class's own settings; null means "as the course sets it" (every lab and quiz counts, the quiz's own attempts). */
export const classSettingsSchema = z.object({
  opensAt: when,
  closesAt: when,
  /** When learners see their marked answers: the quiz's own rule, or held back for this class. */
  review: z.enum(['course', 'after-close', 'never']).default('course'),
  /** Attempts per quiz for this class (the quiz's own number when null). */
  attempts: z.number().int().min(1).max(100).nullable().default(null),
  /** Which labs and quizzes count towards the class's grades (all when null). */
  labs: ids,
  quizzes: ids,
  /** Per-quiz overrides, by quiz id. */
  perQuiz: z.record(quizId, quizOverrideSchema).optional(),
});
export type ClassSettings = z.infer<typeof classSettingsSchema>;
export const defaultSettings = (): ClassSettings => classSettingsSchema.parse({});

const classId = z.coerce.number().int().positive();
const redirect = z.string().max(500).optional();

export const createClassInput = z.object({ name: z.string().trim().min(1).max(200), redirect });
export const joinClassInput = z.object({ code: z.string().trim().min(4).max(64), redirect });

/** Settings posted from a form (empty fields clear a setting; lists are comma or line separated) or as JSON. */
export const classSettingsInput = z.object({
  classId,
  redirect,
  name: z.string().trim().min(1).max(200).optional(),
  opensAt: z.string().trim().max(40).optional(),
  closesAt: z.string().trim().max(40).optional(),
  review: z.enum(['course', 'after-close', 'never']).optional(),
  attempts: z.union([z.number(), z.string().trim().max(4)]).optional(),
  labs: z.union([z.array(z.string()), z.string().max(20_000)]).optional(),
  quizzes: z.union([z.array(z.string()), z.string().max(20_000)]).optional(),
  /** JSON only: replaces every per-quiz override. */
  perQuiz: z.record(quizId, quizOverrideSchema).optional(),
  /** One quiz's override from the form: replaces that quiz's (all fields empty removes it). */
  quiz: quizId.optional(),
  quizOpensAt: z.string().trim().max(40).optional(),
  quizClosesAt: z.string().trim().max(40).optional(),
  quizAttempts: z.union([z.number(), z.string().trim().max(4)]).optional(),
  quizReview: review.optional(),
});

export const classMemberInput = z.object({
  classId,
  redirect,
  email: z.email().max(254),
  role: z.enum(['learner', 'instructor']),
});
export const removeMemberInput = z.object({ classId, redirect, userId: z.coerce.number().int().positive() });

export const siteSettingsInput = z.object({
  redirect,
  /** Who may create classes: every local instructor, or site administrators only. */
  classCreation: z.enum(['instructors', 'admins']),
});
export const adminInput = z.object({ redirect, email: z.email().max(254), admin: z.union([z.boolean(), z.enum(['0', '1', 'true', 'false'])]) });
