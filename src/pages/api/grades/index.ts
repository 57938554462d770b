import { json, requireUser } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { learnerProgress } from '../../../server/progress/instance';

export const prerender = false;

/** The signed-in learner's quiz scores, feedback and pending grading ("My grades"). */
export const GET = route(async ({ locals }) => json(await learnerProgress().grades(requireUser(locals).id)));
