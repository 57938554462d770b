import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../support/course-server';
import { createClient } from '../support/http-client';

let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer();
});
afterAll(() => server?.stop());

const lines = async (res: Response) => (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('run streams stages then the result with Accept: application/x-ndjson; JSON stays the default', async () => {
  const anon = createClient(server.url);
  const { sandboxId, token } = (await (await anon.request('/api/labs/first-dispatch/sandbox', { method: 'POST' })).json()) as { sandboxId: string; token: string };
  const body = { request: { url: 'https://acme-corp.example.com/' } };
  const headers = { authorization: `Bearer ${token}` };
  const streamed = await anon.request(`/api/labs/first-dispatch/run?sandbox=${sandboxId}`, { json: body, headers: { ...headers, accept: 'application/x-ndjson' } });
  expect(streamed.headers.get('content-type')).toContain('application/x-ndjson');
  const events = await lines(streamed);
  const stages = events.filter((e) => e.type === 'stage').map((e) => e.stage);
  // A sandbox from the warm pool is already running; a cold one says "starting" first.
  expect(stages.filter((s) => s !== 'starting')).toEqual(['uploading', 'running']);
  if (stages.includes('starting')) expect(stages[0]).toBe('starting');
  expect(events.at(-1)).toMatchObject({ type: 'result', status: 200 });

  const plain = await anon.request(`/api/labs/first-dispatch/run?sandbox=${sandboxId}`, { json: body, headers });
  expect(plain.headers.get('content-type')).toContain('application/json');
  expect(((await plain.json()) as { status: number }).status).toBe(200);

  // Checks: a check-start line before each result, each result with its duration.
  const check = await lines(await anon.request(`/api/labs/first-dispatch/check?sandbox=${sandboxId}`, { json: {}, headers }));
  const starts = check.filter((e) => e.type === 'check-start');
  const results = check.filter((e) => e.type === 'result');
  expect(starts.map((e) => e.index)).toEqual(results.map((_, i) => i));
  expect(results.every((r) => typeof r.durationMs === 'number')).toBe(true);
});

test('stop needs the sandbox token and cancels a runaway run', async () => {
  const anon = createClient(server.url);
  const { sandboxId, token } = (await (await anon.request('/api/labs/first-dispatch/sandbox', { method: 'POST' })).json()) as { sandboxId: string; token: string };
  const stop = (auth: string) => anon.request(`/api/labs/first-dispatch/stop?sandbox=${sandboxId}`, { method: 'POST', headers: { authorization: `Bearer ${auth}` } });
  expect((await stop('wrong')).status).toBe(401);
  expect(await (await stop(token)).json()).toEqual({ stopped: false });

  const loop = 'export default { fetch() { while (true) {} } };\n';
  const running = anon.request(`/api/labs/first-dispatch/run?sandbox=${sandboxId}`, {
    json: { files: { 'dispatcher.js': loop }, request: { url: 'https://acme-corp.example.com/' } },
    headers: { authorization: `Bearer ${token}` },
  });
  let stopped = false;
  while (!stopped) {
    await new Promise((r) => setTimeout(r, 100));
    stopped = ((await (await stop(token)).json()) as { stopped: boolean }).stopped;
  }
  const result = (await (await running).json()) as { error: { kind: string; message: string } };
  expect(result.error).toMatchObject({ kind: 'cancelled', message: 'Stopped by you.' });
});

test('grades need a signed-in learner; progress without one is this browser\'s own', async () => {
  const anon = createClient(server.url);
  expect(await (await anon.request('/api/progress/summary')).json()).toMatchObject({ completedLessons: [], passedLabs: [], kept: 'browser' });
  expect((await anon.request('/api/grades')).status).toBe(401);
  const ada = createClient(server.url);
  expect((await ada.signUp('ada-progress@example.com')).status).toBe(201);
  expect(await (await ada.request('/api/progress/summary')).json()).toMatchObject({ completedLessons: [], passedLabs: [], gradedSinceLastVisit: 0 });
  const grades = (await (await ada.request('/api/grades')).json()) as { rows: unknown[] };
  expect(grades.rows.length).toBeGreaterThan(0);
  expect((await ada.request('/api/grades/seen', { method: 'POST' })).status).toBe(200);
});
