import { siteSettingsInput } from '../../../server/classes/schemas';
import { readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Site administrators: who may create classes. */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, siteSettingsInput);
  await getServices().classes.setClassCreation(user.id, input.classCreation);
  return done(context, input.redirect, '/instructor/classes/?notice=Site+settings+saved.', { classCreation: input.classCreation });
});
