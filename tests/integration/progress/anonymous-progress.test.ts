import { afterEach, beforeEach, expect, test } from 'vitest';
import { createAnonymousProgress } from '../../../src/server/progress/anonymous-progress';
import type { Store } from '../../../src/server/store/create-store';
import { serverBackend } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

let t: TestStore;
let store: Store;
beforeEach(async () => {
  t = await openTestStore(serverBackend);
  store = t.store;
});
afterEach(async () => {
  await t.cleanup();
});

test('progress made before signing in moves to the account once, and only the right browser\'s (#22)', async () => {
  const anon = createAnonymousProgress(store);
  const mine = 'anon:browser-a';
  const theirs = 'anon:browser-b';
  await anon.recordSolutionView(mine, 'first-dispatch');
  await anon.recordPass(mine, 'first-dispatch', { 'dispatcher.js': 'export default {}' });
  await anon.setLessonComplete(mine, 'foundations/welcome', true);
  await anon.setLessonComplete(mine, 'foundations/what-is-workers-for-platforms', true);
  await anon.setLessonComplete(mine, 'foundations/what-is-workers-for-platforms', false);
  await anon.recordPass(theirs, 'routing-tables', {});
  expect(await anon.summary(mine)).toMatchObject({ completedLessons: [{ lesson: 'foundations/welcome' }], passedLabs: [{ labId: 'first-dispatch' }] });

  const ada = await store.users.create({ email: 'ada@example.com', name: 'Ada', role: 'learner', passwordHash: 'x' });
  expect(await anon.claim(mine, ada.id)).toEqual({ passes: 1, lessons: 1, solutionViews: 1 });
  expect((await store.progress.listLabPasses(ada.id)).map((p) => p.labId)).toEqual(['first-dispatch']);
  // The pass keeps its code, and says the solution was viewed before it (views move first).
  expect(await store.progress.getLabPass(ada.id, 'first-dispatch')).toMatchObject({ files: { 'dispatcher.js': 'export default {}' }, solutionViewed: true });
  expect((await store.progress.listCompletedLessons(ada.id)).map((l) => l.lesson)).toEqual(['foundations/welcome']);
  // Moved, not copied: a second claim (another account signing in on this browser) gets nothing.
  const bob = await store.users.create({ email: 'bob@example.com', name: 'Bob', role: 'learner', passwordHash: 'x' });
  expect(await anon.claim(mine, bob.id)).toEqual({ passes: 0, lessons: 0, solutionViews: 0 });
  expect(await anon.claim(null, bob.id)).toEqual({ passes: 0, lessons: 0, solutionViews: 0 });
  // The other browser's pass stays its own.
  expect((await anon.summary(theirs)).passedLabs.map((p) => p.labId)).toEqual(['routing-tables']);
});
