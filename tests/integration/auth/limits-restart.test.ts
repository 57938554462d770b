import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startCourseServer } from '../../support/course-server';
import { createClient } from '../../support/http-client';
import { createTestDatabase, serverBackend } from '../../support/postgres';

const dataDir = mkdtempSync(join(tmpdir(), 'course-limits-'));
const database = serverBackend === 'postgres' ? await createTestDatabase() : undefined;
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

const signIn = (url: string, password: string) =>
  fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'ada@example.com', password }),
  });

test('a restart keeps the sign-in lockout: the throttle still holds on the same data', async () => {
  const first = await startCourseServer({ dataDir, databaseUrl: database?.url });
  try {
    expect((await createClient(first.url).signUp('ada@example.com')).status).toBe(201);
    // Five free failures for this account from this address, then a delay.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(first.url, `wrong-password-${i}`)).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
  } finally {
    await first.stop();
  }

  const second = await startCourseServer({ dataDir, databaseUrl: database?.url });
  try {
    const res = await signIn(second.url, 'learner-password'); // even the right password waits
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  } finally {
    await second.stop();
  }
});
