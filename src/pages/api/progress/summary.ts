import { json, requireUser } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { learnerProgress } from '../../../server/progress/instance';

export const prerender = false;

/** Completed lessons, passed labs, where to continue, and how many quizzes were graded since the last visit. */
export const GET = route(async ({ locals }) => json(await learnerProgress().summary(requireUser(locals).id)));
