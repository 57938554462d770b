import { lessonProgressInput } from '../../../schemas/api';
import { anonymousOwnerKey, secureLabCookie } from '../../../server/lab-api/lab-owner';
import { json, readBody } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { anonymousProgress } from '../../../server/progress/instance';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Completed lessons: the account's, or (not signed in) this browser's until it signs in. */
export const GET = route(async ({ locals, cookies }) => {
  if (!locals.user) return json({ completed: (await anonymousProgress().summary(anonymousOwnerKey(cookies))).completedLessons, kept: 'browser' });
  return json({ completed: await getServices().store.progress.listCompletedLessons(locals.user.id), kept: 'account' });
});

export const POST = route(async ({ locals, request, cookies }) => {
  const input = await readBody(request, lessonProgressInput);
  if (!locals.user) {
    const owner = anonymousOwnerKey(cookies, secureLabCookie(locals))!;
    await anonymousProgress().setLessonComplete(owner, input.lesson, input.complete);
    return json({ completed: (await anonymousProgress().summary(owner)).completedLessons, kept: 'browser' });
  }
  const { progress } = getServices().store;
  if (input.complete) await progress.markLessonComplete(locals.user.id, input.lesson);
  else await progress.unmarkLessonComplete(locals.user.id, input.lesson);
  return json({ completed: await progress.listCompletedLessons(locals.user.id), kept: 'account' });
});
