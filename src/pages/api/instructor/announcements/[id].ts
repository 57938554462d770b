import { announcements } from '../../../../server/announcements/instance';
import { json, requireInstructor } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { NotFoundError } from '../../../../server/errors';

export const prerender = false;

const idOf = (id: string | undefined) => {
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) throw new NotFoundError('No such class announcement.');
  return id;
};

export const GET = route(async (context) => {
  requireInstructor(context.locals);
  const id = idOf(context.params.id);
  return json({ announcement: await announcements().get(id) });
});

/** Cancels an announced class: its warm runtimes are let go. */
export const DELETE = route(async (context) => {
  requireInstructor(context.locals);
  return json({ announcement: await announcements().cancel(idOf(context.params.id)) });
});
