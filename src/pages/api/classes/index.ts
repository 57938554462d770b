import { createClassInput } from '../../../server/classes/schemas';
import { json, readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** The classes the signed-in user belongs to, with their role in each (join codes for the ones they teach). */
export const GET = route(async ({ locals }) => {
  const user = requireUser(locals);
  const mine = await getServices().store.classes.classesOf(user.id);
  return json({ classes: mine.map((c) => ({ id: c.id, name: c.name, role: c.role, ...(c.role === 'instructor' ? { joinCode: c.joinCode, settings: c.settings } : {}) })) });
});

/** Creates a class with its creator as instructor (who may: site settings, issue 19). */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, createClassInput);
  const created = await getServices().classes.create(user, input.name);
  return done(context, input.redirect ?? `/instructor/classes/?class=${created.id}`, `/instructor/classes/?class=${created.id}`, { class: { id: created.id, name: created.name, joinCode: created.joinCode } });
});
