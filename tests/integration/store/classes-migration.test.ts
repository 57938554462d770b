import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { migrate } from '../../../src/server/store/migrate';
import { migrations } from '../../../src/server/store/migrations/index';
import { openSqliteDriver } from '../../../src/server/store/sql/sqlite';
import { createStore } from '../../../src/server/store/create-store';

/** Issue 19: a site from before classes keeps everything: one default class with its learners and today's instructors. */
const dir = mkdtempSync(join(tmpdir(), 'wfp-classes-mig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('existing users, attempts and LMS accounts move into one default class; local instructors become site administrators', async () => {
  const before = migrations.slice(0, migrations.findIndex((m) => m.id === '2026-12-06-classes'));
  const driver = openSqliteDriver(join(dir, 'course.sqlite'));
  await migrate(driver, before);
  const at = new Date().toISOString();
  for (const [email, role] of [['grace@example.com', 'instructor'], ['ada@example.com', 'learner'], ['lms-teacher@lti.invalid', 'instructor']] as const) {
    await driver.run('INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [email, email.split('@')[0], role, 'x', at]);
  }
  await driver.run("INSERT INTO attempts (user_id, quiz_id, number, submitted_at, key_hash) VALUES (2, 'isolation', 1, ?, 'k')", [at]);
  await driver.run("INSERT INTO lti_platforms (issuer, client_id, name, status, authorization_endpoint, token_endpoint, jwks_uri, origin, source, created_at) VALUES ('https://lms.example', 'c', 'LMS', 'approved', 'https://lms.example/a', 'https://lms.example/t', 'https://lms.example/j', 'https://lms.example', 'manual', ?)", [at]);
  await driver.run("INSERT INTO lti_accounts (platform_id, subject, user_id, created_at) VALUES (1, 'sub-1', 3, ?)", [at]);
  await driver.close();

  const store = createStore({ dataDir: dir });
  await store.ready();
  try {
    const fallback = (await store.classes.defaultClass())!;
    expect(fallback).toMatchObject({ name: 'Default class', isDefault: true });
    expect(fallback.joinCode).toMatch(/^[0-9A-F]{10}$/);
    expect((await store.classes.members(fallback.id)).sort((a, b) => a.userId - b.userId)).toEqual([
      expect.objectContaining({ userId: 1, role: 'instructor' }),
      expect.objectContaining({ userId: 2, role: 'learner' }),
      expect.objectContaining({ userId: 3, role: 'instructor' }),
    ]);
    expect(await store.classes.admins()).toEqual([1]); // the LMS instructor is not a site administrator
    expect(await store.attempts.listForQuiz('isolation')).toHaveLength(1);
    expect(await store.users.list()).toHaveLength(3);
  } finally {
    await store.close();
  }
});
