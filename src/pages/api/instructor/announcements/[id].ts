import { announcements } from '../../../../server/announcements/instance';
import { json, requireInstructor } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { NotFoundError } from '../../../../server/errors';
import { assertOwnAnnouncement } from '../../../../server/classes/announcement-scope';

export const prerender = false;

const idOf = (id: string | undefined) => {
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) throw new NotFoundError('No such class announcement.');
  return id;
};

export const GET = route(async (context) => {
  const user = requireInstructor(context.locals);
  const id = idOf(context.params.id);
  const found = await announcements().get(id);
  await assertOwnAnnouncement(user, found);
  return json({ announcement: found });
});

/** Cancels an announced class: its warm runtimes are let go. */
export const DELETE = route(async (context) => {
  const user = requireInstructor(context.locals);
  const id = idOf(context.params.id);
  await assertOwnAnnouncement(user, await announcements().get(id));
  return json({ announcement: await announcements().cancel(id) });
});
