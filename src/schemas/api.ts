import { z } from 'zod';

/** HTTP request bodies. Each route parses its input with one of these before calling the domain. */

const email = z.string().trim().toLowerCase().pipe(z.email('enter a valid email address').max(254));
const password = z.string().min(10, 'use at least 10 characters').max(200, 'use at most 200 characters');

export const signUpInput = z.strictObject({
  email,
  name: z.string().trim().min(1, 'enter your name').max(80, 'use at most 80 characters'),
  password,
  /** Token from an instructor's invitation link; gives the invited role. */
  invite: z.string().max(100).optional(),
});
export const signInInput = z.strictObject({ email, password: z.string().min(1, 'enter your password').max(200) });

/** One learner response: option id, option ids, number, text, or nothing yet. */
export const responseValue = z.union([
  z.string().max(20_000, 'answers are limited to 20,000 characters'),
  z.array(z.string().max(100)).max(50),
  z.number(),
  z.null(),
]);
export const answersInput = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(100), responseValue);
export const draftInput = z.strictObject({ answers: answersInput });
export const submitInput = z.strictObject({ answers: answersInput });

export const lessonProgressInput = z.strictObject({
  lesson: z.string().regex(/^[a-z0-9][a-z0-9/-]*$/, 'must be a lesson slug').max(200),
  complete: z.boolean(),
});

const checkbox = z.union([z.string(), z.array(z.string())]).optional();
const classId = z.coerce.number().int().positive().optional();

export const gradeInput = z.strictObject({
  /** The class the instructor acts in (issue 19); the one they share with the learner when absent. */
  classId,
  attemptId: z.coerce.number().int().positive(),
  questionId: z.string().min(1).max(100),
  /** Rubric item ids that the answer meets. Forms send one value per checked box. */
  rubric: checkbox.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  comment: z.string().max(5_000, 'comments are limited to 5,000 characters').default(''),
  /** The rest of an answer group, graded the same in one go (the desk's groups). */
  group: z
    .union([z.coerce.number().int().positive(), z.array(z.coerce.number().int().positive()).max(1000)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  redirect: z.string().optional(),
});

export const roleInput = z.strictObject({
  /** The class the instructor acts in (issue 19); the one they share with the learner when absent. */
  classId,
  userId: z.coerce.number().int().positive(),
  role: z.enum(['learner', 'instructor']),
  /** Promotion needs an explicit confirmation (forms: a checkbox or the confirm page's button). */
  confirm: z.union([z.literal('yes'), z.literal(true)]).optional(),
  redirect: z.string().optional(),
});

export const inviteInput = z.strictObject({
  /** The class the instructor acts in (issue 19); the one they share with the learner when absent. */
  classId,
  email,
  role: z.enum(['learner', 'instructor']).default('instructor'),
  redirect: z.string().optional(),
});

/** A regrade decision beyond the key (src/server/grading/adjustments.ts); forms send it as three fields. */
const adjustmentFields = {
  adjust: z.enum(['key', 'full-credit', 'drop', 'accept-option']).optional(),
  question: z.string().min(1).max(100).optional(),
  option: z.string().min(1).max(100).optional(),
};

export const regradeInput = z.strictObject({
  /** The class the instructor acts in (issue 19); the one they share with the learner when absent. */
  classId,
  quizId: z.string().min(1).max(100),
  ...adjustmentFields,
  /** The instructor has seen the dry run (forms send "yes"). */
  confirm: z.union([z.literal('yes'), z.literal(true)]).optional(),
  redirect: z.string().optional(),
});

export const passwordChangeInput = z.strictObject({ current: z.string().min(1, 'enter your current password').max(200), password, redirect: z.string().optional() });
export const passwordResetInput = z.strictObject({ token: z.string().min(1).max(100), password });
export const resetLinkInput = z.strictObject({ classId, userId: z.coerce.number().int().positive(), redirect: z.string().optional() });
export const extensionInput = z.strictObject({
  /** The class the instructor acts in (issue 19); the one they share with the learner when absent. */
  classId,
  userId: z.coerce.number().int().positive(),
  quizId: z.string().min(1).max(100),
  extraAttempts: z.coerce.number().int().min(0).max(100).default(0),
  extraMinutes: z.coerce.number().int().min(0).max(24 * 60).default(0),
  /** A later close date for this learner; empty keeps the quiz's. */
  closeAt: z.union([z.literal(''), z.iso.datetime({ offset: true, local: true })]).optional(),
  redirect: z.string().optional(),
});
export const regradePreviewInput = z.strictObject({ quizId: z.string().min(1).max(100), ...adjustmentFields });

export type Answers = z.infer<typeof answersInput>;
export type ResponseValue = z.infer<typeof responseValue>;
