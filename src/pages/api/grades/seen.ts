import { json, requireUser } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { learnerProgress } from '../../../server/progress/instance';

export const prerender = false;

/** Records that the learner has seen their grades (clears the "graded since your last visit" badge). */
export const POST = route(async ({ locals }) => json({ seenAt: await learnerProgress().markGradesSeen(requireUser(locals).id) }));
