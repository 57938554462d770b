import { afterEach, beforeEach, expect, test } from 'vitest';
import { describeBackends } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 10, 0) + minutes * 60_000).toISOString();

describeBackends('class announcements', (backend) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(backend);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  test('are stored, listed soonest first, cancelled once, and survive a restart', async () => {
    let store = t.store;
    const instructor = await store.users.create({ email: 'ada@example.com', name: 'Ada', role: 'instructor', passwordHash: 'x' });
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

    store = t.open(); // a restart (or another web process) sees the same classes
    expect((await store.announcements.listFrom(at(-10))).map((a) => [a.id, a.cancelledAt !== null])).toEqual([
      [soon.id, true],
      [late.id, false],
    ]);
    // Deleting the instructor keeps the class (who announced it is forgotten).
    await store.db.run('DELETE FROM users WHERE id = ?', [instructor.id]);
    expect((await store.announcements.get(late.id))!.createdBy).toBeNull();
  });
});
