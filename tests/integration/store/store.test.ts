import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Store } from '../../../src/server/store/create-store';
import { migrations } from '../../../src/server/store/migrations/index';
import { describeBackends } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

const run = promisify(execFile);
const learner = (s: Store, email = 'ada@example.com') => s.users.create({ email, name: 'Ada', role: 'learner', passwordHash: 'x' });
const submit = (s: Store, userId: number, quizId: string, allowed: number | null, response: unknown = 'x') =>
  s.attempts.submit({ userId, quizId, allowed, keyHash: 'k', answers: [{ questionId: 'q', response, maxPoints: 1, status: 'graded', score: 1 }] });

describeBackends('store', (backend) => {
  let t: TestStore;
  let store: Store;
  beforeEach(async () => {
    t = await openTestStore(backend);
    store = t.store;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  test('migrations are recorded by name and applied once', async () => {
    const ids = async (s: Store) => (await s.db.all<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id);
    expect(await ids(store)).toEqual(migrations.map((m) => m.id).sort());
    const again = t.open();
    await again.ready();
    expect(await ids(again)).toEqual(migrations.map((m) => m.id).sort());
  });

  test('a restart keeps every record', async () => {
    const user = await learner(store);
    await store.attempts.saveDraft(user.id, 'isolation', { 'shared-env': 'draft text' });
    const attempt = await store.attempts.submit({
      userId: user.id,
      quizId: 'isolation',
      allowed: 3,
      keyHash: 'k1',
      answers: [{ questionId: 'shared-env', response: 'final text', maxPoints: 4, status: 'pending', score: null }],
    });
    await store.attempts.saveDraft(user.id, 'other', { a: 1 });
    await store.progress.recordLabPass(user.id, 'first-dispatch');
    await store.progress.saveLabWork(user.id, 'first-dispatch', { 'src/index.ts': 'export default {}' });
    await store.progress.markLessonComplete(user.id, 'isolation/isolation-and-security');
    await store.close();

    for (let restart = 0; restart < 2; restart++) {
      const s = t.open();
      expect((await s.users.findByEmail('ADA@example.com'))?.id).toBe(user.id);
      const stored = (await s.attempts.get(attempt.id))!;
      expect(stored.answers[0]).toMatchObject({ response: 'final text', status: 'pending', score: null, maxPoints: 4 });
      expect(await s.attempts.loadDraft(user.id, 'isolation')).toBeUndefined(); // submitting cleared it
      expect((await s.attempts.loadDraft(user.id, 'other'))?.answers).toEqual({ a: 1 });
      expect((await s.progress.listLabPasses(user.id)).map((p) => p.labId)).toEqual(['first-dispatch']);
      expect((await s.progress.loadLabWork(user.id, 'first-dispatch'))?.files).toEqual({ 'src/index.ts': 'export default {}' });
      expect((await s.progress.listCompletedLessons(user.id)).map((l) => l.lesson)).toEqual(['isolation/isolation-and-security']);
      await s.close();
    }
  });

  test('lab progress: passes are idempotent, lab work is replaced', async () => {
    const user = await learner(store);
    await store.progress.recordLabPass(user.id, 'first-dispatch');
    const first = (await store.progress.listLabPasses(user.id))[0]!.passedAt;
    await store.progress.recordLabPass(user.id, 'first-dispatch');
    await store.progress.recordLabPass(user.id, 'outbound');
    expect(await store.progress.listLabPasses(user.id)).toEqual([{ labId: 'first-dispatch', passedAt: first }, expect.objectContaining({ labId: 'outbound' })]);
    expect(await store.progress.loadLabWork(user.id, 'outbound')).toBeUndefined();
    await store.progress.saveLabWork(user.id, 'outbound', { a: '1' });
    await store.progress.saveLabWork(user.id, 'outbound', { b: '2' });
    expect((await store.progress.loadLabWork(user.id, 'outbound'))?.files).toEqual({ b: '2' });
  });

  test('emails are unique regardless of case, also when two sign-ups race', async () => {
    await learner(store);
    await expect(learner(store, 'Ada@Example.com')).rejects.toThrow('An account with this email already exists.');
    const raced = await Promise.allSettled(Array.from({ length: 10 }, () => learner(store, 'Race@Example.com')));
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of raced) if (r.status === 'rejected') expect(String(r.reason)).toContain('already exists');
  });

  test('sessions expire and can be deleted', async () => {
    const user = await learner(store);
    await store.sessions.create({ tokenHash: 'live', userId: user.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await store.sessions.create({ tokenHash: 'old', userId: user.id, csrfToken: 'c', expiresAt: new Date(Date.now() - 1).toISOString() });
    expect((await store.sessions.find('live'))?.user.email).toBe('ada@example.com');
    expect(await store.sessions.find('old')).toBeUndefined();
    expect(await store.sessions.deleteExpired()).toBe(1);
    await store.sessions.delete('live');
    expect(await store.sessions.find('live')).toBeUndefined();
  });

  test('100 attempts submitted at once against a quiz allowing 3: exactly 3 are stored', async () => {
    const user = await learner(store);
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => submit(store, user.id, 'three', 3, `answer ${i}`)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('conflict');
    const stored = await store.attempts.listForLearner(user.id, 'three');
    expect(stored.map((a) => a.number)).toEqual([1, 2, 3]);
    expect(stored.every((a) => a.answers.length === 1)).toBe(true);
    expect(await store.attempts.countAttempts(user.id, 'three')).toBe(3);
  });

  test('concurrent submits from several processes: none lost, the attempts limit holds', async () => {
    const limited = await learner(store, 'limited@example.com');
    const free = await learner(store, 'free@example.com');
    const processes = 4;
    const each = 6;
    const startAt = Date.now() + 2500;
    const spawn = (userId: number, quizId: string, allowed: string) =>
      run(process.execPath, ['tests/support/submit-worker.mjs', JSON.stringify(t.options), String(userId), quizId, allowed, String(each), String(startAt)]).then(
        ({ stdout }) => JSON.parse(stdout) as { ok: number; refused: number; failed: string[] },
      );
    const results = await Promise.all([
      ...Array.from({ length: processes }, () => spawn(limited.id, 'limited', '5')),
      ...Array.from({ length: processes }, () => spawn(free.id, 'free', 'unlimited')),
    ]);
    const limitedResults = results.slice(0, processes);
    const freeResults = results.slice(processes);
    expect(results.flatMap((r) => r.failed)).toEqual([]);
    expect(limitedResults.reduce((s, r) => s + r.ok, 0)).toBe(5);
    expect(limitedResults.reduce((s, r) => s + r.refused, 0)).toBe(processes * each - 5);
    expect(freeResults.reduce((s, r) => s + r.ok, 0)).toBe(processes * each);

    expect((await store.attempts.listForLearner(limited.id, 'limited')).map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    const freeAttempts = await store.attempts.listForLearner(free.id, 'free');
    expect(freeAttempts.map((a) => a.number)).toEqual(Array.from({ length: processes * each }, (_, i) => i + 1));
    expect(new Set(freeAttempts.map((a) => a.answers[0]!.response)).size).toBe(processes * each); // every answer kept
  });

  test('store.transaction groups repository calls: a failure rolls all of them back', async () => {
    await expect(
      store.transaction(async (tx) => {
        const user = await learner(tx);
        await tx.progress.recordLabPass(user.id, 'first-dispatch');
        throw new Error('crash mid-request');
      }),
    ).rejects.toThrow('crash mid-request');
    expect(await store.users.list()).toEqual([]);
    expect((await store.progress.summary()).labs).toEqual([]);
  });

  test("another request's statements never see (or land in) an open transaction", async () => {
    let inserted!: () => void;
    const insertedNow = new Promise<void>((r) => (inserted = r));
    const tx = store.transaction(async (t) => {
      await learner(t);
      inserted();
      await new Promise((r) => setTimeout(r, 100));
      throw new Error('rolled back');
    });
    await insertedNow;
    const [seen, written] = await Promise.all([store.users.list(), learner(store, 'bob@example.com')]);
    await expect(tx).rejects.toThrow('rolled back');
    // On PostgreSQL the other request runs on its own connection, so it may see its own concurrent insert; never the open transaction's.
    expect(seen.map((u) => u.email)).not.toContain('ada@example.com');
    expect((await store.users.list()).map((u) => u.email)).toEqual([written.email]); // the other request's write survived the rollback
  });

  test('a transaction inside a transaction joins it', async () => {
    await expect(
      store.transaction(async (outer) => {
        await outer.transaction(async (inner) => learner(inner));
        await store.progress.markLessonComplete(1, 'x'); // the root store, called inside the transaction, joins it too
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    expect(await store.users.list()).toEqual([]);
  });

  test('a failed submit leaves nothing half-written', async () => {
    const user = await learner(store);
    await expect(
      store.attempts.submit({
        userId: user.id,
        quizId: 'q',
        allowed: null,
        keyHash: 'k',
        answers: [
          { questionId: 'a', response: 1, maxPoints: 1, status: 'graded', score: 1 },
          { questionId: 'a', response: 2, maxPoints: 1, status: 'graded', score: 1 }, // duplicate key: the insert fails
        ],
      }),
    ).rejects.toThrow();
    expect(await store.attempts.listForLearner(user.id, 'q')).toEqual([]);
    expect(await store.attempts.countAttempts(user.id, 'q')).toBe(0);
  });

  if (backend === 'sqlite') {
    test('SQLite runs in WAL mode', async () => {
      const db = new DatabaseSync(join(t.options.dataDir!, 'course.sqlite'));
      expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
      db.close();
    });
  }
});

test('a SQLite database from before named migrations (user_version N) keeps its data and gets the rest', async () => {
  const t = await openTestStore('sqlite');
  await t.store.close();
  const dir = t.options.dataDir!;
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'course.sqlite'), { force: true });
  // What the old runner left after three migrations: their tables, user_version = 3, no schema_migrations.
  const legacy = new DatabaseSync(join(dir, 'course.sqlite'));
  for (const m of migrations.slice(0, 3)) legacy.exec(m.sql ?? m.sqlite!);
  legacy.exec('PRAGMA user_version = 3');
  legacy.exec("INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('old@example.com', 'Old', 'learner', 'h', '2026-01-01T00:00:00.000Z')");
  legacy.close();
  const store = t.open();
  try {
    expect((await store.users.findByEmail('old@example.com'))?.name).toBe('Old');
    const ids = (await store.db.all<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id).sort();
    expect(ids).toEqual(migrations.map((m) => m.id).sort());
    await store.visits.markGradesSeen(1); // a table from migration 5 exists now
    expect(await store.visits.gradesSeenAt(1)).not.toBeNull();
  } finally {
    await t.cleanup();
  }
});
