import { rosterSyncInput } from '../../../server/lti/admin-schemas';
import { getLti } from '../../../server/lti/instance';
import { readBody, requireInstructor } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';

export const prerender = false;

/** Instructor: read the course's members from the LMS (Names and Role Provisioning Services). */
export const POST = route(async (context) => {
  requireInstructor(context.locals);
  const input = await readBody(context.request, rosterSyncInput);
  const members = await getLti().syncRoster(input.context);
  return done(context, input.redirect, `/instructor/lti/?notice=${encodeURIComponent(`Roster synced: ${members} members.`)}`, { members });
});
