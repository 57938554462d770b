import { z } from 'zod';

/** Ids appear in URLs, HTML attributes and CSV headers, so keep them to a safe alphabet. */
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes (e.g. "lazy-get")');

const markdown = z.string().trim().min(1, 'must not be empty');
const points = z.number().positive('must be greater than 0');

const option = z.strictObject({
  id,
  /** Markdown (inline). */
  text: markdown,
  correct: z.boolean().optional(),
  /** Shown next to this option once the question is graded. */
  feedback: z.string().optional(),
});

const base = {
  id,
  /** Markdown. */
  prompt: markdown,
  points,
  /** Markdown shown after grading. */
  explanation: z.string().optional(),
};

const singleQuestion = z
  .strictObject({ ...base, type: z.literal('single'), options: z.array(option).min(2, 'needs at least 2 options') })
  .refine((q) => q.options.filter((o) => o.correct).length === 1, {
    message: 'a single-choice question needs exactly one option with `correct: true`',
    path: ['options'],
  });

const multipleQuestion = z
  .strictObject({ ...base, type: z.literal('multiple'), options: z.array(option).min(2, 'needs at least 2 options') })
  .refine((q) => q.options.some((o) => o.correct), {
    message: 'a multiple-choice question needs at least one option with `correct: true`',
    path: ['options'],
  });

const numericQuestion = z.strictObject({
  ...base,
  type: z.literal('numeric'),
  answer: z.number(),
  /** Absolute tolerance: |response - answer| <= tolerance is correct. */
  tolerance: z.number().nonnegative().default(0),
  unit: z.string().optional(),
});

export const rubricItemSchema = z.strictObject({ id, description: markdown, points: z.number().min(0) });

const textQuestion = z
  .strictObject({
    ...base,
    type: z.literal('text'),
    /** Long answer (textarea) instead of one line. */
    long: z.boolean().default(false),
    rubric: z.array(rubricItemSchema).min(1, 'a text question needs a rubric with at least one item'),
  })
  .refine((q) => sum(q.rubric.map((r) => r.points)) <= q.points + 1e-9, {
    message: 'rubric items add up to more than the question\'s points',
    path: ['rubric'],
  });

const labQuestion = z.strictObject({ ...base, type: z.literal('lab'), lab: id });

export const questionSchema = z.discriminatedUnion('type', [
  singleQuestion,
  multipleQuestion,
  numericQuestion,
  textQuestion,
  labQuestion,
]);

export const attemptsPolicySchema = z.strictObject({
  allowed: z.union([z.number().int().positive(), z.literal('unlimited')]),
  counts: z.enum(['best', 'last']),
});

/**
 * When a learner sees each part of the review (Moodle's review options): right after each attempt, once no
 * attempt is left, after the quiz's close date, or never.
 */
export const reviewWhen = z.enum(['after-attempt', 'after-last-attempt', 'after-close', 'never']);

export const reviewSchema = z.strictObject({
  /** The attempt's total score. */
  marks: reviewWhen.default('after-attempt'),
  /** Each question's points and right/wrong verdict. */
  correctness: reviewWhen.default('after-last-attempt'),
  /** The correct options, the numeric answer, the lab. */
  answers: reviewWhen.default('after-last-attempt'),
  /** Explanations and per-option feedback. */
  explanations: reviewWhen.default('after-last-attempt'),
  /** Rubric items met and the instructor's comment on free-text answers. */
  rubric: reviewWhen.default('after-last-attempt'),
});

const when = z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as "2026-12-01T09:00:00Z"' });

export const quizSchema = z
  .strictObject({
    id,
    title: markdown,
    /** Docs slug of the lesson this quiz belongs to, e.g. "building/dynamic-dispatch". */
    lesson: z.string().regex(/^[a-z0-9][a-z0-9/-]*$/, 'must be a docs slug like "building/dynamic-dispatch"'),
    attempts: attemptsPolicySchema.default({ allowed: 'unlimited', counts: 'best' }),
    /** Defaults keep every key hidden until the learner has no attempt left. */
    review: reviewSchema.default(reviewSchema.parse({})),
    /** Submissions are accepted from `opens` until `closes` (per-learner extensions may move the close). */
    opens: when.optional(),
    closes: when.optional(),
    /** Minutes from starting an attempt to submitting it; none when absent. */
    timeLimitMinutes: z.number().int().positive().max(24 * 60).optional(),
    questions: z.array(questionSchema).min(1, 'a quiz needs at least one question'),
  })
  .superRefine((quiz, ctx) => {
    if (quiz.opens && quiz.closes && Date.parse(quiz.closes) <= Date.parse(quiz.opens)) {
      ctx.addIssue({ code: 'custom', message: 'must be after `opens`', path: ['closes'] });
    }
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `duplicate question id "${q.id}"`, path: ['questions', i, 'id'] });
      seen.add(q.id);
      if (q.type === 'single' || q.type === 'multiple') uniqueIds(q.options, ctx, ['questions', i, 'options']);
      if (q.type === 'text') uniqueIds(q.rubric, ctx, ['questions', i, 'rubric']);
    });
  });

function uniqueIds(items: { id: string }[], ctx: z.RefinementCtx, path: (string | number)[]) {
  const seen = new Set<string>();
  items.forEach((item, j) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${item.id}"`, path: [...path, j, 'id'] });
    seen.add(item.id);
  });
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export type Quiz = z.infer<typeof quizSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];
export type RubricItem = z.infer<typeof rubricItemSchema>;
export type AttemptsPolicy = z.infer<typeof attemptsPolicySchema>;
export type ReviewWhen = z.infer<typeof reviewWhen>;
export type ReviewOptions = z.infer<typeof reviewSchema>;

/** What a learner may see before grading: no `correct`, `answer`, `tolerance`, rubric, feedback or explanation. */
export interface PublicQuestion {
  id: string;
  type: QuestionType;
  prompt: string;
  points: number;
  long?: boolean;
  unit?: string;
  lab?: string;
  options?: { id: string; text: string }[];
}

export function publicQuestion(q: Question): PublicQuestion {
  const view: PublicQuestion = { id: q.id, type: q.type, prompt: q.prompt, points: q.points };
  // Options by position, not id: ids like "a" for the right option would give the key away.
  if (q.type === 'single' || q.type === 'multiple') view.options = q.options.map((o, i) => ({ id: String(i + 1), text: o.text }));
  if (q.type === 'numeric' && q.unit) view.unit = q.unit;
  if (q.type === 'text') view.long = q.long;
  if (q.type === 'lab') view.lab = q.lab;
  return view;
}

export function maxPoints(quiz: Quiz): number {
  return sum(quiz.questions.map((q) => q.points));
}

/** Parses one quiz file's data; the error names the file and each failing field. */
export function parseQuiz(data: unknown, fileName: string): Quiz {
  const result = quizSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`);
    throw new QuizContentError(`Invalid quiz file ${fileName}:\n${lines.join('\n')}`);
  }
  const expected = fileName.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  if (result.data.id !== expected) {
    throw new QuizContentError(`Invalid quiz file ${fileName}:\n  - id: "${result.data.id}" must equal the file name "${expected}"`);
  }
  return result.data;
}

export class QuizContentError extends Error {
  override name = 'QuizContentError';
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
