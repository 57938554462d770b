import { afterEach, beforeEach, expect, test } from 'vitest';
import { createScoreOutbox } from '../../../src/server/lti/ags/outbox';
import type { Store } from '../../../src/server/store/create-store';
import { describeBackends } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

const score = (userId: string, given: number) => ({
  userId,
  scoreGiven: given,
  scoreMaximum: 10,
  activityProgress: 'Completed' as const,
  gradingProgress: 'FullyGraded' as const,
  timestamp: new Date().toISOString(),
});

describeBackends('LTI score outbox across processes', (backend) => {
  let t: TestStore;
  let store: Store;
  beforeEach(async () => {
    t = await openTestStore(backend);
    store = t.store;
  });
  afterEach(async () => t.cleanup());

  /** 40 learners with a grade target each and a queued score: what a class submitting a quiz leaves behind. */
  async function queueScores(n: number): Promise<number[]> {
    const platform = await store.lti.platforms.insert({
      issuer: 'https://lms.example',
      clientId: 'c',
      name: 'LMS',
      status: 'approved',
      authorizationEndpoint: 'https://lms.example/auth',
      tokenEndpoint: 'https://lms.example/token',
      jwksUri: 'https://lms.example/jwks',
      origin: 'https://lms.example',
      source: 'manual',
      deployments: ['1'],
    }) ?? (await store.lti.platforms.findByIssuer('https://lms.example', 'c'))[0]!; // registered by an earlier call
    const targets: number[] = [];
    for (let i = 0; i < n; i++) {
      const user = await store.users.create({ email: `l${i}@example.com`, name: `L${i}`, role: 'learner', passwordHash: '!' });
      const target = await store.lti.links.saveTarget({ platformId: platform.id, userId: user.id, subject: `s${i}`, lineitem: 'https://lms.example/li/1', kind: 'quiz', itemId: 'isolation' });
      await store.lti.scores.enqueue(target.id, score(`s${i}`, i % 10));
      targets.push(target.id);
    }
    return targets;
  }

  test('two processes delivering at once post every score exactly once', async () => {
    const targets = await queueScores(40);
    const posted: { targetId: number; by: string }[] = [];
    const outbox = (s: Store, by: string) =>
      createScoreOutbox({
        repo: s.lti,
        worker: by,
        baseDelayMs: 1000,
        maxTries: 3,
        async send(targetId) {
          posted.push({ targetId, by });
          await new Promise((r) => setTimeout(r, 5)); // the LMS takes a moment: both claimers are busy at once
        },
      });
    const second = t.open();
    await Promise.all([outbox(store, 'process-a').kick(), outbox(second, 'process-b').kick(), outbox(store, 'process-a2').kick()]);

    expect(posted.map((p) => p.targetId).sort((a, b) => a - b)).toEqual([...targets].sort((a, b) => a - b)); // each once
    expect(new Set(posted.map((p) => p.by)).size).toBeGreaterThan(1); // both really worked
    const rows = await store.db.all<{ status: string; claimed_by: string | null }>('SELECT status, claimed_by FROM lti_score_posts');
    expect(rows.every((r) => r.status === 'sent' && r.claimed_by === null)).toBe(true);
  });

  test('a claim hides a post from other claimers until its lease ends', async () => {
    await queueScores(3);
    const first = await store.lti.scores.claim('a', 20, 60_000);
    expect(first).toHaveLength(3);
    expect(await t.open().lti.scores.claim('b', 20, 60_000)).toEqual([]);
    // A crashed claimer's lease runs out: another process delivers its posts.
    await store.db.run("UPDATE lti_score_posts SET claimed_until = '2000-01-01T00:00:00.000Z'");
    expect(await store.lti.scores.claim('b', 20, 60_000)).toHaveLength(3);
  });
});
