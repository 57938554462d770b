import { afterAll, beforeAll, expect, test } from 'vitest';
import { createStore, type Store } from '../../../src/server/store/create-store';
import { startPostgres, type TestPostgres } from '../../support/postgres-cluster';

/** Issue 19's tables on PostgreSQL: the migrations, the default class and the class repository (a real cluster). */
let pg: TestPostgres;
let store: Store;
beforeAll(async () => {
  pg = await startPostgres('wfp_classes');
  store = createStore({ dataDir: '/nonexistent', databaseUrl: pg.url });
  await store.ready();
}, 60_000);
afterAll(async () => {
  await store?.close();
  await pg?.stop();
});

test('classes, members, invitations, administrators and registration changes work on PostgreSQL', async () => {
  const fallback = (await store.classes.defaultClass())!;
  expect(fallback.isDefault).toBe(true);
  const u = await store.users.create({ email: 'a@example.com', name: 'A', role: 'instructor', passwordHash: 'x' });
  const c = await store.classes.create({ name: 'Class A', createdBy: u.id, lti: { platformId: 0, deploymentId: '', contextId: '' } }).catch(() => undefined);
  expect(c).toBeUndefined(); // platform 0 does not exist: the foreign key holds
  const made = await store.classes.create({ name: 'Class A', createdBy: u.id });
  await store.classes.addMember(made.id, u.id, 'instructor');
  await store.classes.addMember(made.id, u.id, 'learner'); // stays instructor
  expect(await store.classes.roleIn(made.id, u.id)).toBe('instructor');
  expect((await store.classes.findByCode(made.joinCode.toLowerCase()))?.id).toBe(made.id);
  expect((await store.classes.classesOf(u.id)).map((x) => [x.name, x.role])).toEqual([['Class A', 'instructor']]);
  await store.classes.setAdmin(u.id, true);
  expect(await store.classes.isAdmin(u.id)).toBe(true);
  await store.classes.setSetting('class_creation', 'admins');
  expect(await store.classes.setting('class_creation')).toBe('admins');
  await store.classes.update(made.id, { settings: { opensAt: null, closesAt: '2030-01-01T00:00:00.000Z', review: 'never', attempts: 2, labs: null, quizzes: ['isolation'] } });
  expect((await store.classes.get(made.id))!.settings).toMatchObject({ review: 'never', attempts: 2, quizzes: ['isolation'] });
  const p = (await store.lti.platforms.insert({ issuer: 'https://lms.example', clientId: 'c', name: 'L', status: 'approved', authorizationEndpoint: 'https://lms.example/a', tokenEndpoint: 'https://lms.example/t', jwksUri: 'https://lms.example/j', origin: 'https://lms.example', source: 'manual', deployments: ['1'] }))!;
  expect(await store.lti.platforms.insert({ issuer: 'https://lms.example', clientId: 'c', name: 'L2', status: 'approved', authorizationEndpoint: 'https://evil.example/a', tokenEndpoint: 'https://evil.example/t', jwksUri: 'https://evil.example/j', origin: 'https://evil.example', source: 'manual', deployments: ['2'] })).toBeUndefined();
  const change = await store.lti.changes.propose({ platformId: p.id, name: 'L', authorizationEndpoint: 'https://lms.example/a2', tokenEndpoint: 'https://lms.example/t', jwksUri: 'https://lms.example/j2', origin: 'https://lms.example', deployments: ['1', '3'] });
  expect(await store.lti.changes.approve(change.id, u.id)).toBe(true);
  expect(await store.lti.platforms.get(p.id)).toMatchObject({ jwksUri: 'https://lms.example/j2', deployments: ['1', '3'] });
  const ctx = await store.classes.create({ name: 'LMS course', createdBy: null, lti: { platformId: p.id, deploymentId: '1', contextId: 'course-1' } });
  expect((await store.classes.findByContext(p.id, '1', 'course-1'))?.id).toBe(ctx.id);
  expect(await store.lti.changes.replacedBy(p.id)).toBeNull();
});
