import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Store } from '../../../src/server/store/create-store';
import { describeBackends } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

describeBackends("assessment store", (backend) => {
let t: TestStore;
let store: Store;
beforeEach(async () => {
  t = await openTestStore(backend);
  store = t.store;
});
afterEach(async () => {
  await t.cleanup();
});
const user = async (email: string) => await store.users.create({ email, name: email, role: 'learner', passwordHash: 'x' });

test('a lab pass keeps the code that passed and whether the solution was asked for first; the first pass stays', async () => {
  const ada = await user('ada@example.com');
  const bob = await user('bob@example.com');
  await store.progress.recordSolutionView(ada.id, 'first-dispatch');
  await store.progress.recordLabPass(ada.id, 'first-dispatch', { files: { 'dispatcher.js': 'solution code' } });
  await store.progress.recordLabPass(bob.id, 'first-dispatch', { files: { 'dispatcher.js': 'own code' } });
  await store.progress.recordLabPass(bob.id, 'first-dispatch', { files: { 'dispatcher.js': 'later code' } });
  expect(await store.progress.getLabPass(ada.id, 'first-dispatch')).toMatchObject({ solutionViewed: true, files: { 'dispatcher.js': 'solution code' } });
  expect(await store.progress.getLabPass(bob.id, 'first-dispatch')).toMatchObject({ solutionViewed: false, files: { 'dispatcher.js': 'own code' } });
  expect((await store.progress.summary()).labs).toContainEqual({ userId: ada.id, labId: 'first-dispatch', solutionViewed: true });
});

test('the open attempt keeps its order until a new number is opened; sessions end everywhere; devices are per account', async () => {
  const ada = await user('ada@example.com');
  const first = await store.sittings.openAttempt(ada.id, 'quiz', 1, () => ({ q: ['b', 'a'] }));
  expect((await store.sittings.openAttempt(ada.id, 'quiz', 1, () => ({ q: ['a', 'b'] }))).order).toEqual(first.order);
  expect((await store.sittings.openAttempt(ada.id, 'quiz', 2, () => ({ q: ['a', 'b'] }))).order).toEqual({ q: ['a', 'b'] });

  await store.sessions.create({ tokenHash: 'h1', userId: ada.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() });
  await store.sessions.create({ tokenHash: 'h2', userId: ada.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() });
  expect(await store.sessions.deleteAllForUser(ada.id)).toBe(2);

  const bob = await user('bob@example.com');
  await store.accountSecurity.rememberDevice('dev', ada.id);
  expect(await store.accountSecurity.isKnownDevice('dev', ada.id)).toBe(true);
  expect(await store.accountSecurity.isKnownDevice('dev', bob.id)).toBe(false);
});

test('a reset token works once and not after it expires', async () => {
  const ada = await user('ada@example.com');
  await store.accountSecurity.createReset({ tokenHash: 't1', userId: ada.id, createdBy: ada.id, expiresAt: new Date(Date.now() + 60_000).toISOString() });
  expect(await store.accountSecurity.consumeReset('t1')).toBe(ada.id);
  expect(await store.accountSecurity.consumeReset('t1')).toBeUndefined();
  await store.accountSecurity.createReset({ tokenHash: 't2', userId: ada.id, createdBy: ada.id, expiresAt: new Date(Date.now() - 1).toISOString() });
  expect(await store.accountSecurity.consumeReset('t2')).toBeUndefined();
});
});
