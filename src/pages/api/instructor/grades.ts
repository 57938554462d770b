import { gradeInput } from '../../../schemas/api';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Grades one free-text answer: checked rubric items sum to the score, plus an optional comment. */
export const POST = route(async (context) => {
  const grader = requireInstructor(context.locals);
  const input = await readBody(context.request, gradeInput);
  getServices().grading.gradeText({ graderId: grader.id, ...input });
  return done(context, input.redirect, '/instructor/grading/', { ok: true });
});
