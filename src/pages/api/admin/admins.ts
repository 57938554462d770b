import { adminInput } from '../../../server/classes/schemas';
import { readBody, requireUser } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';

export const prerender = false;

/** Site administrators: name or remove another administrator (`{ email, admin }`). */
export const POST = route(async (context) => {
  const user = requireUser(context.locals);
  const input = await readBody(context.request, adminInput);
  const admin = input.admin === true || input.admin === '1' || input.admin === 'true';
  const target = await getServices().classes.setAdmin(user.id, input.email, admin);
  return done(context, input.redirect, '/instructor/classes/', { userId: target.id, admin });
});
