import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../../src/server/store/create-store';
import { migrations } from '../../../src/server/store/migrations';

const run = promisify(execFile);
let dataDir: string;
let store: Store;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-store-'));
  store = createStore({ dataDir });
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const learner = (s: Store, email = 'ada@example.com') => s.users.create({ email, name: 'Ada', role: 'learner', passwordHash: 'x' });

describe('SQLite store on a real file', () => {
  test('runs in WAL mode with migrations applied once', () => {
    const db = new DatabaseSync(join(dataDir, 'course.sqlite'));
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(migrations.length);
    db.close();
  });

  test('a restart keeps every record, and applying migrations again changes nothing', () => {
    const user = learner(store);
    store.attempts.saveDraft(user.id, 'isolation', { 'shared-env': 'draft text' });
    const attempt = store.attempts.submit({
      userId: user.id,
      quizId: 'isolation',
      allowed: 3,
      keyHash: 'k1',
      answers: [{ questionId: 'shared-env', response: 'final text', maxPoints: 4, status: 'pending', score: null }],
    });
    store.attempts.saveDraft(user.id, 'other', { a: 1 });
    store.progress.recordLabPass(user.id, 'first-dispatch');
    store.progress.saveLabWork(user.id, 'first-dispatch', { 'src/index.ts': 'export default {}' });
    store.progress.markLessonComplete(user.id, 'isolation/isolation-and-security');
    store.close();

    for (let restart = 0; restart < 2; restart++) {
      store = createStore({ dataDir });
      expect(store.users.findByEmail('ADA@example.com')?.id).toBe(user.id);
      const stored = store.attempts.get(attempt.id)!;
      expect(stored.answers[0]).toMatchObject({ response: 'final text', status: 'pending', score: null });
      expect(store.attempts.loadDraft(user.id, 'isolation')).toBeUndefined(); // submitting cleared it
      expect(store.attempts.loadDraft(user.id, 'other')?.answers).toEqual({ a: 1 });
      expect(store.progress.listLabPasses(user.id).map((p) => p.labId)).toEqual(['first-dispatch']);
      expect(store.progress.loadLabWork(user.id, 'first-dispatch')?.files).toEqual({ 'src/index.ts': 'export default {}' });
      expect(store.progress.listCompletedLessons(user.id).map((l) => l.lesson)).toEqual(['isolation/isolation-and-security']);
      store.close();
    }
    store = createStore({ dataDir });
  });

  test('lab progress: passes are idempotent, lab work is replaced', () => {
    const user = learner(store);
    store.progress.recordLabPass(user.id, 'first-dispatch');
    const first = store.progress.listLabPasses(user.id)[0]!.passedAt;
    store.progress.recordLabPass(user.id, 'first-dispatch');
    store.progress.recordLabPass(user.id, 'outbound');
    expect(store.progress.listLabPasses(user.id)).toEqual([
      { labId: 'first-dispatch', passedAt: first },
      expect.objectContaining({ labId: 'outbound' }),
    ]);
    expect(store.progress.loadLabWork(user.id, 'outbound')).toBeUndefined();
    store.progress.saveLabWork(user.id, 'outbound', { a: '1' });
    store.progress.saveLabWork(user.id, 'outbound', { b: '2' });
    expect(store.progress.loadLabWork(user.id, 'outbound')?.files).toEqual({ b: '2' });
  });

  test('emails are unique regardless of case', () => {
    learner(store);
    expect(() => learner(store, 'Ada@Example.com')).toThrow('An account with this email already exists.');
  });

  test('sessions expire and can be deleted', () => {
    const user = learner(store);
    store.sessions.create({ tokenHash: 'live', userId: user.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    store.sessions.create({ tokenHash: 'old', userId: user.id, csrfToken: 'c', expiresAt: new Date(Date.now() - 1).toISOString() });
    expect(store.sessions.find('live')?.user.email).toBe('ada@example.com');
    expect(store.sessions.find('old')).toBeUndefined();
    expect(store.sessions.deleteExpired()).toBe(1);
    store.sessions.delete('live');
    expect(store.sessions.find('live')).toBeUndefined();
  });

  test('concurrent submits from several processes: none lost, the attempts limit holds', async () => {
    const limited = learner(store, 'limited@example.com');
    const free = learner(store, 'free@example.com');
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

    const limitedAttempts = store.attempts.listForLearner(limited.id, 'limited');
    expect(limitedAttempts.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    const freeAttempts = store.attempts.listForLearner(free.id, 'free');
    expect(freeAttempts.map((a) => a.number)).toEqual(Array.from({ length: processes * each }, (_, i) => i + 1));
    // Every attempt kept its answer.
    expect(new Set(freeAttempts.map((a) => a.answers[0]!.response)).size).toBe(processes * each);
  });

  test('store.transaction groups repository calls: a failure rolls all of them back', () => {
    expect(() =>
      store.transaction(() => {
        const user = learner(store);
        store.progress.recordLabPass(user.id, 'first-dispatch');
        throw new Error('crash mid-request');
      }),
    ).toThrow('crash mid-request');
    expect(store.users.list()).toEqual([]);
    expect(store.progress.summary().labs).toEqual([]);
  });

  test('a failed submit leaves nothing half-written', () => {
    const user = learner(store);
    expect(() =>
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
    ).toThrow();
    expect(store.attempts.listForLearner(user.id, 'q')).toEqual([]);
    expect(store.attempts.countAttempts(user.id, 'q')).toBe(0);
  });
});
