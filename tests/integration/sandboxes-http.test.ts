import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../support/course-server';

let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer({ env: { LAB_MAX_SANDBOXES: '3' } });
});
afterAll(() => server?.stop());

const post = (path: string, body?: unknown, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

test('POST /api/sandboxes creates a sandbox with its token, account id and API base', async () => {
  const res = await post('/api/sandboxes');
  expect(res.status).toBe(201);
  const info = await res.json();
  expect(info).toMatchObject({ id: expect.any(String), token: expect.any(String), accountId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  expect(info.apiBase).toBe(`${server.url}/api/sandboxes/${info.id}/client/v4`);
  const del = await fetch(`${server.url}/api/sandboxes/${info.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${info.token}` } });
  expect(del.status).toBe(204);
});

test('requests need the sandbox token and valid input', async () => {
  const info = await (await post('/api/sandboxes')).json();
  const path = `/api/sandboxes/${info.id}/requests`;
  expect((await post(path, { url: 'https://a.example.com/' })).status).toBe(401);
  expect((await post(path, { url: 'https://a.example.com/' }, 'wrong-token')).status).toBe(401);
  const malformed = await post(path, '{not json', info.token);
  expect(malformed.status).toBe(400);
  expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
  const badUrl = await post(path, { url: 'javascript:alert(1)' }, info.token);
  expect(badUrl.status).toBe(400);
  const huge = await post(path, { url: 'https://a.example.com/', method: 'POST', body: 'x'.repeat(3 * 1024 * 1024) }, info.token);
  expect(huge.status).toBe(413);
  const empty = await post(path, { url: 'https://a.example.com/' }, info.token);
  expect(empty.status).toBe(400);
  expect((await empty.json()).error.message).toMatch(/upload a dispatch Worker first/);
});

test('the number of sandboxes is bounded with a plain message', async () => {
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await post('/api/sandboxes'));
  const refused = results.find((r) => r.status === 503);
  expect(refused).toBeDefined();
  expect((await refused!.json()).error.message).toMatch(/lab server is full/);
});
