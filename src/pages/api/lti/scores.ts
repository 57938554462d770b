import { postAgainInput } from '../../../server/lti/admin-schemas';
import { getLti } from '../../../server/lti/instance';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { mayManageScorePost } from '../../../server/classes/lti-scope';

export const prerender = false;

/** Instructor: "post again" for a score the LMS has not accepted. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, postAgainInput);
  await mayManageScorePost(context.locals.user, input.post);
  await getLti().postAgain(input.post);
  return done(context, input.redirect, '/instructor/lti/?notice=Posting+again.', { ok: true });
});
