import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createStore, type Store } from '../../../src/server/store/create-store';

let dataDir: string;
let store: Store;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-assess-store-'));
  store = createStore({ dataDir });
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const user = (email: string) => store.users.create({ email, name: email, role: 'learner', passwordHash: 'x' });

test('a lab pass keeps the code that passed and whether the solution was asked for first; the first pass stays', () => {
  const ada = user('ada@example.com');
  const bob = user('bob@example.com');
  store.progress.recordSolutionView(ada.id, 'first-dispatch');
  store.progress.recordLabPass(ada.id, 'first-dispatch', { files: { 'dispatcher.js': 'solution code' } });
  store.progress.recordLabPass(bob.id, 'first-dispatch', { files: { 'dispatcher.js': 'own code' } });
  store.progress.recordLabPass(bob.id, 'first-dispatch', { files: { 'dispatcher.js': 'later code' } });
  expect(store.progress.getLabPass(ada.id, 'first-dispatch')).toMatchObject({ solutionViewed: true, files: { 'dispatcher.js': 'solution code' } });
  expect(store.progress.getLabPass(bob.id, 'first-dispatch')).toMatchObject({ solutionViewed: false, files: { 'dispatcher.js': 'own code' } });
  expect(store.progress.summary().labs).toContainEqual({ userId: ada.id, labId: 'first-dispatch', solutionViewed: true });
});

test('the open attempt keeps its order until a new number is opened; sessions end everywhere; devices are per account', () => {
  const ada = user('ada@example.com');
  const first = store.sittings.openAttempt(ada.id, 'quiz', 1, () => ({ q: ['b', 'a'] }));
  expect(store.sittings.openAttempt(ada.id, 'quiz', 1, () => ({ q: ['a', 'b'] })).order).toEqual(first.order);
  expect(store.sittings.openAttempt(ada.id, 'quiz', 2, () => ({ q: ['a', 'b'] })).order).toEqual({ q: ['a', 'b'] });

  store.sessions.create({ tokenHash: 'h1', userId: ada.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() });
  store.sessions.create({ tokenHash: 'h2', userId: ada.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() });
  expect(store.sessions.deleteAllForUser(ada.id)).toBe(2);

  const bob = user('bob@example.com');
  store.accountSecurity.rememberDevice('dev', ada.id);
  expect(store.accountSecurity.isKnownDevice('dev', ada.id)).toBe(true);
  expect(store.accountSecurity.isKnownDevice('dev', bob.id)).toBe(false);
});

test('a reset token works once and not after it expires', () => {
  const ada = user('ada@example.com');
  store.accountSecurity.createReset({ tokenHash: 't1', userId: ada.id, createdBy: ada.id, expiresAt: new Date(Date.now() + 60_000).toISOString() });
  expect(store.accountSecurity.consumeReset('t1')).toBe(ada.id);
  expect(store.accountSecurity.consumeReset('t1')).toBeUndefined();
  store.accountSecurity.createReset({ tokenHash: 't2', userId: ada.id, createdBy: ada.id, expiresAt: new Date(Date.now() - 1).toISOString() });
  expect(store.accountSecurity.consumeReset('t2')).toBeUndefined();
});
