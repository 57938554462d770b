import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../../src/server/store/create-store';
import { migrations } from '../../../src/server/store/migrations/index';

const run = promisify(execFile);
let dataDir: string;
let store: Store;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-store-'));
  store = createStore({ dataDir });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const learner = async (s: Store, email = 'ada@example.com') => await s.users.create({ email, name: 'Ada', role: 'learner', passwordHash: 'x' });

describe('SQLite store on a real file', () => {
  test('runs in WAL mode with migrations applied once', async () => {
    await store.ready();
    const db = new DatabaseSync(join(dataDir, 'course.sqlite'));
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    db.close();
  });

  test('a restart keeps every record, and applying migrations again changes nothing', async () => {
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
      store = createStore({ dataDir });
      expect((await store.users.findByEmail('ADA@example.com'))?.id).toBe(user.id);
      const stored = (await store.attempts.get(attempt.id))!;
      expect(stored.answers[0]).toMatchObject({ response: 'final text', status: 'pending', score: null });
      expect(await store.attempts.loadDraft(user.id, 'isolation')).toBeUndefined(); // submitting cleared it
      expect((await store.attempts.loadDraft(user.id, 'other'))?.answers).toEqual({ a: 1 });
      expect((await store.progress.listLabPasses(user.id)).map((p) => p.labId)).toEqual(['first-dispatch']);
      expect((await store.progress.loadLabWork(user.id, 'first-dispatch'))?.files).toEqual({ 'src/index.ts': 'export default {}' });
      expect((await store.progress.listCompletedLessons(user.id)).map((l) => l.lesson)).toEqual(['isolation/isolation-and-security']);
      await store.close();
    }
    store = createStore({ dataDir });
  });

  test('lab progress: passes are idempotent, lab work is replaced', async () => {
    const user = await learner(store);
    await store.progress.recordLabPass(user.id, 'first-dispatch');
    const first = (await store.progress.listLabPasses(user.id))[0]!.passedAt;
    await store.progress.recordLabPass(user.id, 'first-dispatch');
    await store.progress.recordLabPass(user.id, 'outbound');
    expect(await store.progress.listLabPasses(user.id)).toEqual([
      { labId: 'first-dispatch', passedAt: first },
      expect.objectContaining({ labId: 'outbound' }),
    ]);
    expect(await store.progress.loadLabWork(user.id, 'outbound')).toBeUndefined();
    await store.progress.saveLabWork(user.id, 'outbound', { a: '1' });
    await store.progress.saveLabWork(user.id, 'outbound', { b: '2' });
    expect((await store.progress.loadLabWork(user.id, 'outbound'))?.files).toEqual({ b: '2' });
  });

  test('emails are unique regardless of case', async () => {
    await learner(store);
    await expect(learner(store, 'Ada@Example.com')).rejects.toThrow('An account with this email already exists.');
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

  test('concurrent submits from several processes: none lost, the attempts limit holds', async () => {
    const limited = await learner(store, 'limited@example.com');
    const free = await learner(store, 'free@example.com');
    const processes = 4;
    const each = 6;
    const startAt = Date.now() + 1500;
    const spawn = (userId: number, quizId: string, allowed: string) =>
      run(process.execPath, ['tests/support/submit-worker.mjs', dataDir, String(userId), quizId, allowed, String(each), String(startAt)]).then(
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

    const limitedAttempts = await store.attempts.listForLearner(limited.id, 'limited');
    expect(limitedAttempts.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    const freeAttempts = await store.attempts.listForLearner(free.id, 'free');
    expect(freeAttempts.map((a) => a.number)).toEqual(Array.from({ length: processes * each }, (_, i) => i + 1));
    // Every attempt kept its answer.
    expect(new Set(freeAttempts.map((a) => a.answers[0]!.response)).size).toBe(processes * each);
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
});
