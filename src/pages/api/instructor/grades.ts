import { gradeInput } from '../../../schemas/api';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';
import { NotFoundError } from '../../../server/errors';

export const prerender = false;

/** Grades one free-text answer: checked rubric items sum to the score, plus an optional comment. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, gradeInput);
  const { grading, store } = getServices();
  // Every attempt in the group must belong to a learner of a class this grader teaches.
  const ids = [...new Set([input.attemptId, ...input.group])];
  let grader = context.locals.user!;
  for (const id of ids) {
    const attempt = await store.attempts.get(id);
    if (!attempt) throw new NotFoundError('No such attempt.');
    grader = (await scopeForLearner(store, context.locals.user, attempt.userId, input.classId ?? context.url.searchParams.get('class'))).user;
  }
  // A group is graded once: the same rubric and comment for every member, in one transaction.
  await store.transaction(async () => {
    for (const attemptId of ids) {
      await grading.gradeText({ graderId: grader.id, attemptId, questionId: input.questionId, rubric: input.rubric, comment: input.comment });
    }
  });
  return done(context, input.redirect, '/instructor/grading/', { ok: true });
});
