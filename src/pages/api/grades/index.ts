import { json, requireUser } from '../../../server/http/request';
import { route } from '../../../server/http/route';
import { learnerProgress } from '../../../server/progress/instance';

export const prerender = false;

/** The signed-in learner's quiz scores, feedback and pending grading ("My grades"). */
export const GET = route(({ locals }) => json(learnerProgress().grades(requireUser(locals).id)));
