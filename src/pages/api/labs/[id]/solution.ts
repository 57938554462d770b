import type { APIRoute } from 'astro';
import { handle } from '../../../../server/lab-api/http';
import { solutionRoute } from '../../../../server/lab-api/lab-routes';

export const prerender = false;

export const GET: APIRoute = ({ params }) => handle(async () => solutionRoute(params.id));
