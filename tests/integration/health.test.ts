import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../support/course-server';

let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer();
});
afterAll(async () => {
  await server?.stop();
});

test('GET /api/health reports the app version and the Node version that serves it', async () => {
  const res = await fetch(`${server.url}/api/health`);
  expect(res.status).toBe(200);
  const body = await res.json();
  const pkg = (await import('../../package.json', { with: { type: 'json' } })).default;
  expect(body).toMatchObject({ status: 'ok', version: pkg.version });
  expect(Number(body.node.split('.')[0])).toBeGreaterThanOrEqual(22);
});

test('the built site serves the first lesson and the search index', async () => {
  const lesson = await fetch(`${server.url}/foundations/what-is-workers-for-platforms/`);
  expect(lesson.status).toBe(200);
  expect(await lesson.text()).toContain('Dynamic dispatch Worker');
  expect((await fetch(`${server.url}/pagefind/pagefind.js`)).status).toBe(200);
});
