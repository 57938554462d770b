import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createStore, type Store } from '../../../src/server/store/create-store';

// SQLite on a real file by default; with DATABASE_URL=postgres://… the same test runs on PostgreSQL.
const databaseUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
let dataDir: string;
let store: Store;
const open = () => createStore({ dataDir, databaseUrl });
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-announcements-'));
  store = open();
  await store.ready();
  if (databaseUrl) await store.db.run('DELETE FROM class_announcements');
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 10, 0) + minutes * 60_000).toISOString();

test('announcements are stored, listed soonest first, cancelled once, and survive a restart', async () => {
  const instructor = await store.users.create({ email: `ada-${Date.now()}@example.com`, name: 'Ada', role: 'instructor', passwordHash: 'x' });
  const late = await store.announcements.create({ labId: 'routing-tables', learners: 12, startsAt: at(60), createdBy: instructor.id });
  const soon = await store.announcements.create({ labId: 'first-dispatch', learners: 42, startsAt: at(0), note: 'Tuesday', createdBy: instructor.id });
  expect(soon).toMatchObject({ labId: 'first-dispatch', learners: 42, startsAt: at(0), note: 'Tuesday', createdBy: instructor.id, cancelledAt: null });
  expect((await store.announcements.listFrom(at(-10))).map((a) => a.id)).toEqual([soon.id, late.id]);
  expect((await store.announcements.listActive(at(-10), at(30))).map((a) => a.id)).toEqual([soon.id]);

  expect(await store.announcements.cancel(soon.id)).toBe(true);
  expect(await store.announcements.cancel(soon.id)).toBe(false);
  expect(await store.announcements.cancel('no-such-id')).toBe(false);
  expect((await store.announcements.listActive(at(-10), at(120))).map((a) => a.id)).toEqual([late.id]);
  expect((await store.announcements.get(soon.id))!.cancelledAt).not.toBeNull();

  await store.close();
  store = open();
  expect((await store.announcements.listFrom(at(-10))).map((a) => [a.id, a.cancelledAt !== null])).toEqual([
    [soon.id, true],
    [late.id, false],
  ]);
  // Deleting the instructor keeps the class (who announced it is forgotten).
  await store.db.run('DELETE FROM users WHERE id = ?', [instructor.id]);
  expect((await store.announcements.get(late.id))!.createdBy).toBeNull();
});
