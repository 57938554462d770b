import { rosterSyncInput } from '../../../server/lti/admin-schemas';
import { getLti } from '../../../server/lti/instance';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { mayManageContext } from '../../../server/classes/lti-scope';

export const prerender = false;

/** Instructor: read the course's members from the LMS (Names and Role Provisioning Services). */
export const POST = route(async (context) => {
  const input = await readBody(context.request, rosterSyncInput);
  await mayManageContext(context.locals.user, input.context);
  const members = await getLti().syncRoster(input.context);
  return done(context, input.redirect, `/instructor/lti/?notice=${encodeURIComponent(`Roster synced: ${members} members.`)}`, { members });
});
