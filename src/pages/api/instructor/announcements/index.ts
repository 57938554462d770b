import { announcementInput } from '../../../../schemas/announcements';
import { announcements } from '../../../../server/announcements/instance';
import { json, readBody, requireInstructor } from '../../../../server/http/request';
import { done, route } from '../../../../server/http/route';
import { announcementFilter } from '../../../../server/classes/announcement-scope';

export const prerender = false;

/** Announced classes that have not started, or started within the last hour. */
export const GET = route(async (context) => {
  const mine = await announcementFilter(requireInstructor(context.locals));
  return json({ announcements: (await announcements().list()).filter(mine) });
});

/** Announces a class: N learners at a time, lab X. The lab runners warm up for it before then. */
export const POST = route(async (context) => {
  const actor = requireInstructor(context.locals);
  const input = await readBody(context.request, announcementInput);
  const created = await announcements().announce(actor.id, input);
  const when = created.startsAt.replace('T', ' ').slice(0, 16);
  const back = `/instructor/?notice=${encodeURIComponent(`Class announced: ${created.learners} learners at ${when} UTC, lab ${created.labId}.`)}#classes`;
  if (context.request.headers.get('content-type')?.includes('application/json')) return json({ announcement: created }, { status: 201 });
  return done(context, input.redirect, back, { announcement: created });
});
