import { extensionInput } from '../../../schemas/api';
import { NotFoundError } from '../../../server/errors';
import { readBody } from '../../../server/http/request';
import { done, route } from '../../../server/http/route';
import { getServices } from '../../../server/services';
import { classScope, scopeForLearner } from '../../../server/classes/scope';
import { getStore } from '../../../server/store/instance';

export const prerender = false;

/** Per-learner accommodations: extra attempts, extra minutes per attempt, a later close date. Audited. */
export const POST = route(async (context) => {
  const input = await readBody(context.request, extensionInput);
  const { user: actor } = await scopeForLearner(getStore(), context.locals.user, input.userId, input.classId ?? context.url.searchParams.get('class'));
  const { store, grading } = getServices();
  const user = await store.users.get(input.userId);
  if (!user) throw new NotFoundError('No such user.');
  grading.quiz(input.quizId);
  // A datetime-local value has no offset: it is read as UTC, as the form says.
  const closeAt = input.closeAt ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(input.closeAt) ? input.closeAt : `${input.closeAt}Z`).toISOString() : null;
  const ext = { extraAttempts: input.extraAttempts, extraMinutes: input.extraMinutes, closeAt };
  await store.sittings.setExtension(user.id, input.quizId, ext, actor.id);
  await store.audit.record({ actorId: actor.id, action: 'extension', summary: `${user.name} · ${input.quizId}: +${ext.extraAttempts} attempts, +${ext.extraMinutes} min${closeAt ? `, closes ${closeAt}` : ''}.`, details: { userId: user.id, quizId: input.quizId, ...ext } });
  return done(context, input.redirect, `/instructor/?notice=${encodeURIComponent(`Extension saved for ${user.name}.`)}`, { ok: true, extension: ext });
});
