import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../support/course-server';
import { createClient } from '../support/http-client';
import { findLab } from '../../src/server/labs/registry';

let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer();
});
afterAll(() => server?.stop());

async function solution(labId: string) {
  return ((await (await fetch(`${server.url}/api/labs/${labId}/solution`, { method: 'POST' })).json()) as { files: Record<string, string> }).files;
}

test('lab routes validate input and need the sandbox token', async () => {
  const anon = createClient(server.url);
  expect((await anon.request('/api/labs/no-such-lab/sandbox', { method: 'POST' })).status).toBe(404);
  const created = await anon.request('/api/labs/first-dispatch/sandbox', { method: 'POST' });
  expect(created.status).toBe(201);
  const { sandboxId, token } = (await created.json()) as { sandboxId: string; token: string };
  const run = (body: unknown, auth = token) =>
    anon.request(`/api/labs/first-dispatch/run?sandbox=${sandboxId}`, { json: body, headers: { authorization: `Bearer ${auth}` } });
  expect((await run({ request: { url: 'https://acme-corp.example.com/' } }, 'wrong')).status).toBe(401);
  expect((await run({ request: { url: 'not a url' } })).status).toBe(400);
  expect((await run({ files: { 'dispatcher.js': 42 }, request: { url: 'https://acme-corp.example.com/' } })).status).toBe(400);
  const ok = await run({ request: { url: 'https://acme-corp.example.com/' } });
  expect(ok.status).toBe(200);
  const result = (await ok.json()) as { status: number; trace: { hops: unknown[] } };
  expect(result.status).toBe(200);
  // Read-only files cannot be replaced by the client: the lab's own tenant code still answers.
  const tampered = await run({ files: { 'tenants/acme-corp.js': 'export default { fetch() { return new Response("pwned") } }' }, request: { url: 'https://acme-corp.example.com/' } });
  expect(((await tampered.json()) as { body: string }).body).not.toContain('pwned');
});

test('a signed-in learner who passes a lab has it recorded, and their work is kept on the server', async () => {
  const ada = createClient(server.url);
  expect((await ada.signUp('ada-labs@example.com')).status).toBe(201);
  const { sandboxId, token } = (await (await ada.request('/api/labs/first-dispatch/sandbox', { method: 'POST' })).json()) as { sandboxId: string; token: string };
  const files = await solution('first-dispatch');

  // Without the CSRF token, a signed-in browser request is refused.
  const noCsrf = await ada.request(`/api/labs/first-dispatch/check?sandbox=${sandboxId}`, { json: { files }, headers: { authorization: `Bearer ${token}` }, csrf: false });
  expect(noCsrf.status).toBe(403);

  const check = await ada.request(`/api/labs/first-dispatch/check?sandbox=${sandboxId}`, { json: { files }, headers: { authorization: `Bearer ${token}` } });
  const events = (await check.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; passed?: boolean });
  expect(events[0]).toMatchObject({ type: 'start', total: findLab('first-dispatch')!.definition.checks.length });
  expect(events.at(-1)).toMatchObject({ type: 'done', passed: true });

  expect((await ada.request('/api/labs/first-dispatch/work', { method: 'PUT', json: { files: { 'dispatcher.js': '// mine' } } })).status).toBe(200);
  expect((await ada.request('/api/labs/first-dispatch/work', { method: 'PUT', json: { files: { 'tenants/acme-corp.js': 'x' } } })).status).toBe(400);
  const work = (await (await ada.request('/api/labs/first-dispatch/work')).json()) as { work: { files: Record<string, string> }; passed: boolean };
  expect(work.passed).toBe(true);
  expect(work.work.files['dispatcher.js']).toBe('// mine');

  const anon = createClient(server.url);
  // Another browser without an account sees none of Ada's work or her pass.
  expect(await (await anon.request('/api/labs/first-dispatch/work')).json()).toEqual({ work: null, passed: false, kept: 'browser' });
});
