import { draftInput } from '../../../../schemas/api';
import { answersFromPublic } from '../../../../server/grading/public-ids';
import { json, readBody, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

export const PUT = route(async ({ params, locals, request }) => {
  const user = requireUser(locals);
  const { answers } = await readBody(request, draftInput);
  const { grading } = getServices();
  const quiz = grading.quiz(params.id!);
  return json(await grading.saveDraft(user.id, quiz.id, answersFromPublic(quiz, answers)));
});
