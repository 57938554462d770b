import { cancelAnnouncementInput } from '../../../../../schemas/announcements';
import { announcements } from '../../../../../server/announcements/instance';
import { readBody, requireInstructor } from '../../../../../server/http/request';
import { done, route } from '../../../../../server/http/route';
import { NotFoundError } from '../../../../../server/errors';
import { assertOwnAnnouncement } from '../../../../../server/classes/announcement-scope';

export const prerender = false;

/** The dashboard form's way to cancel (HTML forms cannot send DELETE). */
export const POST = route(async (context) => {
  const user = requireInstructor(context.locals);
  const id = context.params.id;
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) throw new NotFoundError('No such class announcement.');
  await assertOwnAnnouncement(user, await announcements().get(id));
  const input = await readBody(context.request, cancelAnnouncementInput);
  const cancelled = await announcements().cancel(id);
  return done(context, input.redirect, `/instructor/?notice=${encodeURIComponent('Class announcement cancelled.')}#classes`, { announcement: cancelled });
});
