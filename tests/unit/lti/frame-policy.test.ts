import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'frame-policy-'));
process.env.COURSE_DATA_DIR = dir;
const { frameAncestors: sync, loadFramePolicy, forgetFramePolicy } = await import('../../../src/server/http/frame-policy');
// What a response for `path` gets: the policy is read from the store first (as serve.mjs and the middleware do).
const frameAncestors = async (path: string) => {
  forgetFramePolicy();
  await loadFramePolicy(path);
  return sync(path);
};
const { getStore } = await import('../../../src/server/store/instance');

afterAll(async () => {
  await getStore().close();
  rmSync(dir, { recursive: true, force: true });
});

test('LMS frames: approved platform origins for course pages, never the instructor area, sign-in or the API', async () => {
  expect(await frameAncestors('/quizzes/isolation/')).toBeNull();
  const store = getStore();
  const base = { clientId: 'c', authorizationEndpoint: 'https://lms.example/auth', tokenEndpoint: 'https://lms.example/token', jwksUri: 'https://lms.example/jwks', source: 'manual' as const, deployments: ['1'] };
  await store.lti.platforms.insert({ ...base, issuer: 'https://lms.example', name: 'A', status: 'approved', origin: 'https://lms.example' });
  await store.lti.platforms.insert({ ...base, issuer: 'https://pending.example', name: 'B', status: 'pending', origin: 'https://pending.example' });
  for (const path of ['/quizzes/isolation/', '/labs/first-dispatch/', '/foundations/welcome/', '/lti/deep-link/']) {
    expect(await frameAncestors(path)).toBe("'self' https://lms.example");
  }
  const approved = (await store.lti.platforms.findByIssuer('https://lms.example'))[0]!;
  await store.lti.platforms.addFrameOrigins(approved.id, ['https://school.lms.example']);
  expect(await frameAncestors('/quizzes/isolation/')).toBe("'self' https://lms.example https://school.lms.example");
  for (const path of ['/instructor/', '/instructor/lti/', '/api/auth/me', '/sign-in/']) expect(await frameAncestors(path)).toBeNull();
  expect(await frameAncestors('/lti/register')).toContain('https:');
});

// Runs after the test above approved a platform: documents are framable now, assets still are not.
test('assets are never framed documents, so they skip the approved-origins lookup', async () => {
  expect(await frameAncestors('/foundations/welcome/index.html')).toContain('https://lms.example');
  for (const p of ['/_astro/client.abc123.js', '/pagefind/pagefind.js', '/favicon.svg', '/_astro/index.css']) expect(await frameAncestors(p), p).toBeNull();
});
