import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCourseServer, type CourseServer } from '../../support/course-server';
import { lessonTerminals } from '../../../src/server/terminal/lesson-terminals';

// The built server, as learners get it: prerendered pages are served by the adapter itself.
let server: CourseServer;
beforeAll(async () => {
  server = await startCourseServer();
});
afterAll(() => server?.stop());

const headersOf = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, coop: res.headers.get('cross-origin-opener-policy'), coep: res.headers.get('cross-origin-embedder-policy'), type: res.headers.get('content-type') };
};

test('every terminal page is served cross-origin isolated', async () => {
  expect(lessonTerminals.length).toBeGreaterThan(0);
  for (const t of lessonTerminals) {
    const h = await headersOf(`/terminal/${t.slug}/`);
    expect(h, t.slug).toMatchObject({ status: 200, coop: 'same-origin', coep: 'credentialless' });
    expect(h.type).toContain('text/html');
  }
});

test('no other page, asset or API route is', async () => {
  const page = await (await fetch(`${server.url}/terminal/dispatch-namespaces/`)).text();
  const asset = /(?:src|href)="(\/_astro\/[^"]+\.(?:js|css))"/.exec(page)?.[1];
  expect(asset, 'a script or stylesheet of the terminal page').toBeDefined();
  for (const path of ['/', '/building/uploading-user-workers/', '/labs/deploy-from-terminal/', '/labs/', '/api/health', '/api/terminal/config', asset!, '/no-such-page/']) {
    const h = await headersOf(path);
    expect(h.coop, path).toBeNull();
    expect(h.coep, path).toBeNull();
  }
});

test('the terminal settings route says whether the terminal may boot', async () => {
  expect(await (await fetch(`${server.url}/api/terminal/config`)).json()).toEqual({ enabled: true, clientId: null });
  const off = await startCourseServer({ env: { LAB_TERMINAL: 'off', WEBCONTAINER_CLIENT_ID: 'wc-client-1' } });
  try {
    expect(await (await fetch(`${off.url}/api/terminal/config`)).json()).toEqual({ enabled: false, clientId: 'wc-client-1' });
  } finally {
    await off.stop();
  }
});
