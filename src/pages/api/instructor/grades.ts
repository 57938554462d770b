import { gradeInput } from '../../../schemas/api';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Grades one free-text answer: checked rubric items sum to the score, plus an optional comment. */
export const POST = route(async (context) => {
  const grader = requireInstructor(context.locals);
  const input = await readBody(context.request, gradeInput);
  const { grading, store } = getServices();
  // A group is graded once: the same rubric and comment for every member, in one transaction.
  await store.transaction(async () => {
    for (const attemptId of new Set([input.attemptId, ...input.group])) {
      await grading.gradeText({ graderId: grader.id, attemptId, questionId: input.questionId, rubric: input.rubric, comment: input.comment });
    }
  });
  return done(context, input.redirect, '/instructor/grading/', { ok: true });
});
