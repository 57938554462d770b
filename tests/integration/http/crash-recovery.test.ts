import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, expect, test } from 'vitest';
import { createStore } from '../../../src/server/store/create-store';
import { startCourseServer } from '../../support/course-server';
import { createTestDatabase, serverBackend } from '../../support/postgres';
import { createClient } from '../../support/http-client';
import { publicAnswers } from '../../support/quiz-ids';

const dataDir = mkdtempSync(join(tmpdir(), 'course-crash-'));
// In the suite's PostgreSQL pass both servers share one database, as a restart would.
const database = serverBackend === 'postgres' ? await createTestDatabase() : undefined;
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

const answers = publicAnswers('isolation', { 'shared-d1': 'a', untrusted: ['b'], 'shared-env': 'An answer that must not be lost.' });

test('parallel HTTP submits respect the attempts limit, and a killed server loses no acknowledged submission', async () => {
  const first = await startCourseServer({ dataDir, databaseUrl: database?.url });
  const ada = createClient(first.url);
  await ada.signUp('ada@example.com');
  // Ten submits at once against a quiz that allows three.
  const statuses = (await Promise.all(Array.from({ length: 10 }, () => ada.request('/api/quizzes/isolation/submit', { json: { answers } })))).map(
    (r) => r.status,
  );
  expect(statuses.filter((s) => s === 201)).toHaveLength(2); // the isolation quiz allows 2 attempts
  expect(statuses.filter((s) => s === 409)).toHaveLength(8);

  // Kill -9 while submissions are in flight.
  const bob = createClient(first.url);
  await bob.signUp('bob@example.com');
  const inFlight = Array.from({ length: 3 }, () =>
    bob.request('/api/quizzes/isolation/submit', { json: { answers } }).then(
      (r) => r.status,
      () => 0, // connection cut by the kill
    ),
  );
  await new Promise((r) => setTimeout(r, 5));
  first.process.kill('SIGKILL');
  const acknowledged = (await Promise.all(inFlight)).filter((s) => s === 201).length;
  await first.stop();

  const second = await startCourseServer({ dataDir, databaseUrl: database?.url });
  try {
    const again = createClient(second.url);
    expect((await again.signIn('bob@example.com', 'learner-password')).status).toBe(200);
    const state = (await (await again.request('/api/quizzes/isolation')).json()) as { attempts: { answers: unknown[] }[] };
    expect(state.attempts.length).toBeGreaterThanOrEqual(acknowledged);
    expect(state.attempts.length).toBeLessThanOrEqual(2);
    // No half-written attempt: each one has all three answers.
    for (const attempt of state.attempts) expect(attempt.answers).toHaveLength(5); // one per question of the quiz
  } finally {
    await second.stop();
  }
  if (!database) {
    const db = new DatabaseSync(join(dataDir, 'course.sqlite'));
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  }
  const store = createStore({ dataDir, databaseUrl: database?.url });
  expect(await store.db.get('SELECT COUNT(*) AS n FROM attempts a WHERE NOT EXISTS (SELECT 1 FROM answers WHERE attempt_id = a.id)')).toEqual({ n: 0 });
  await store.close();
});
