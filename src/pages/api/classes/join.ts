import { joinClassInput } from '../../../server/classes/schemas';
import { readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Joins a class with the code (or invite link) an instructor shared. */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, joinClassInput);
  const joined = await getServices().classes.join(user.id, input.code);
  return done(context, input.redirect, `/course/?notice=${encodeURIComponent(`You joined ${joined.name}.`)}`, { class: { id: joined.id, name: joined.name } });
});
