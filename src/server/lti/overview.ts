import type { Store } from '../store/create-store';
import type { ScorePost } from './store/scores';

const LEARNER_ROLES = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'Learner'];

export interface LtiOverview {
  platforms: Awaited<ReturnType<Store['lti']['platforms']['list']>>;
  contexts: {
    id: number;
    title: string;
    platform: string;
    canSync: boolean;
    rosterSyncedAt: string | null;
    learners: number;
    /** LMS learners with no account here yet, or an account with no quiz attempt, lab pass or finished lesson. */
    notStarted: { name: string; email: string | null }[];
  }[];
  undelivered: (ScorePost & { learner: string; item: string; platform: string })[];
}

/** The instructor's LTI page: registrations, course rosters and scores the LMS has not accepted yet. */
export async function ltiOverview(store: Store): Promise<LtiOverview> {
  const platforms = await store.lti.platforms.list();
  const platformName = new Map(platforms.map((p) => [p.id, p.name]));
  const started = new Set<number>([...(await store.attempts.listAll()).map((a) => a.userId)]);
  const progress = await store.progress.summary();
  for (const l of progress.lessons) started.add(l.userId);
  for (const l of progress.labs) started.add(l.userId);
  const contexts = [];
  for (const c of await store.lti.links.listContexts()) {
    const accounts = await store.lti.links.accountsOf(c.platformId);
    const learners = (await store.lti.roster.list(c.id)).filter((m) => m.status === 'Active' && m.roles.some((r) => LEARNER_ROLES.includes(r)));
    contexts.push({
      id: c.id,
      title: c.title,
      platform: platformName.get(c.platformId) ?? '?',
      canSync: !!c.membershipsUrl,
      rosterSyncedAt: c.rosterSyncedAt,
      learners: learners.length,
      notStarted: learners.filter((m) => {
        const userId = accounts.get(m.subject);
        return userId === undefined || !started.has(userId);
      }).map((m) => ({ name: m.name, email: m.email })),
    });
  }
  const undelivered = [];
  for (const p of await store.lti.scores.listUndelivered()) {
    undelivered.push({
      ...p,
      learner: (await store.users.get(p.userId))?.name ?? `#${p.userId}`,
      item: `${p.kind}: ${p.itemId}`,
      platform: platformName.get(p.platformId) ?? '?',
    });
  }
  return { platforms, contexts, undelivered };
}
