import { anonymousOwnerKey } from '../../../server/lab-api/lab-owner';
import { json } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { anonymousProgress, learnerProgress } from '../../../server/progress/instance';

export const prerender = false;

/**
 * Completed lessons, passed labs, where to continue, and how many quizzes were graded since the last visit. Not
 * signed in: what this browser did so far (kept until it signs in), with `kept: 'browser'`.
 */
export const GET = route(async ({ locals, cookies }) => {
  if (locals.user) return json({ ...(await learnerProgress().summary(locals.user.id)), kept: 'account' });
  const anon = await anonymousProgress().summary(anonymousOwnerKey(cookies));
  const recent = [...anon.completedLessons.map((l) => ({ lesson: l.lesson, at: l.completedAt }))].sort((a, b) => b.at.localeCompare(a.at));
  return json({
    completedLessons: anon.completedLessons.map((l) => l.lesson),
    passedLabs: anon.passedLabs.map((p) => p.labId),
    recent: [...new Set(recent.map((r) => r.lesson))],
    gradedSinceLastVisit: 0,
    kept: 'browser',
  });
});
