import { NotFoundError } from '../errors';
import type { SessionUser } from '../http/request';
import { getStore } from '../store/instance';
import { classScope, scopeForLearner } from './scope';

/**
 * LMS actions on the LTI page, scoped like everything else: a site administrator may act on any context and score;
 * an instructor only on the contexts whose class they teach and the scores of their own learners.
 */
export async function mayManageContext(user: SessionUser | null, contextRow: number): Promise<void> {
  const store = getStore();
  const context = await store.lti.links.getContext(contextRow);
  if (!context) throw new NotFoundError('No such course context.');
  const scope = await classScope(store, user);
  if (scope.admin) return;
  for (const c of scope.taught) if (c.lti && c.lti.platformId === context.platformId && c.lti.contextId === context.contextId) return;
  throw new NotFoundError('No such course context among the classes you teach.');
}

export async function mayManageScorePost(user: SessionUser | null, postId: number): Promise<void> {
  const store = getStore();
  const post = await store.lti.scores.get(postId);
  const target = post && (await store.lti.links.getTarget(post.targetId));
  if (!target) throw new NotFoundError('No such score post.');
  if (user && (await store.classes.isAdmin(user.id))) return;
  await scopeForLearner(store, user, target.userId);
}
