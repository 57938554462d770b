import { lessonProgressInput } from '../../../schemas/api';
import { json, readBody, requireUser } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

export const GET = route(({ locals }) => {
  const user = requireUser(locals);
  return json({ completed: getServices().store.progress.listCompletedLessons(user.id) });
});

export const POST = route(async ({ locals, request }) => {
  const user = requireUser(locals);
  const input = await readBody(request, lessonProgressInput);
  const { progress } = getServices().store;
  if (input.complete) progress.markLessonComplete(user.id, input.lesson);
  else progress.unmarkLessonComplete(user.id, input.lesson);
  return json({ completed: progress.listCompletedLessons(user.id) });
});
