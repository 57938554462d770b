import { cancelAnnouncementInput } from '../../../../../schemas/announcements';
import { announcements } from '../../../../../server/announcements/instance';
import { readBody, requireInstructor } from '../../../../../server/http/request';
import { done, route } from '../../../../../server/http/route';
import { NotFoundError } from '../../../../../server/errors';

export const prerender = false;

/** The dashboard form's way to cancel (HTML forms cannot send DELETE). */
export const POST = route(async (context) => {
  requireInstructor(context.locals);
  const id = context.params.id;
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) throw new NotFoundError('No such class announcement.');
  const input = await readBody(context.request, cancelAnnouncementInput);
  const cancelled = await announcements().cancel(id);
  return done(context, input.redirect, `/instructor/?notice=${encodeURIComponent('Class announcement cancelled.')}#classes`, { announcement: cancelled });
});
