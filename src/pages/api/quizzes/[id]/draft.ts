import { draftInput } from '../../../../schemas/api';
import { json, readBody, requireUser } from '../../../../server/http/request';
import { route } from '../../../../server/http/route';
import { getServices } from '../../../../server/services';

export const prerender = false;

export const PUT = route(async ({ params, locals, request }) => {
  const user = requireUser(locals);
  const { answers } = await readBody(request, draftInput);
  return json(getServices().grading.saveDraft(user.id, params.id!, answers));
});
