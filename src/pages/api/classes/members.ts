import { classMemberInput, removeMemberInput } from '../../../server/classes/schemas';
import { readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Adds an existing account to a class its instructor teaches: a co-instructor, or a learner. */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, classMemberInput);
  const added = await getServices().classes.addMember(user.id, input.classId, input.email, input.role);
  return done(context, input.redirect, `/instructor/classes/?class=${input.classId}&notice=${encodeURIComponent(`${added.name} added.`)}`, { ok: true });
});

/** Removes a member (JSON: `{ classId, userId }`). */
export const DELETE = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, removeMemberInput);
  await getServices().classes.removeMember(user.id, input.classId, input.userId);
  return done(context, input.redirect, `/instructor/classes/?class=${input.classId}`, { ok: true });
});
