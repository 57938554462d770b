import { lessonProgressInput } from '../../../schemas/api';
import { json, readBody, requireUser } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

export const GET = route(async ({ locals }) => {
  const user = requireUser(locals);
  return json({ completed: await getServices().store.progress.listCompletedLessons(user.id) });
});

export const POST = route(async ({ locals, request }) => {
  const user = requireUser(locals);
  const input = await readBody(request, lessonProgressInput);
  const { progress } = getServices().store;
  if (input.complete) await progress.markLessonComplete(user.id, input.lesson);
  else await progress.unmarkLessonComplete(user.id, input.lesson);
  return json({ completed: await progress.listCompletedLessons(user.id) });
});
