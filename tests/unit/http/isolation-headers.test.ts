import { expect, test } from 'vitest';
import { isolationHeaders } from '../../../src/server/http/isolation-headers';

test('terminal pages are cross-origin isolated, nothing else is', () => {
  const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' };
  for (const p of ['/terminal/dispatch-namespaces/', '/terminal/uploading-user-workers/', '/terminal']) {
    const headers = isolationHeaders(p);
    expect(headers, p).toMatchObject(isolated);
    expect(headers['Content-Security-Policy'], p).toMatch(/frame-src [^;]*https:\/\/\*\.webcontainer-api\.io/);
  }
  for (const p of ['/', '/building/uploading-user-workers/', '/labs/deploy-from-terminal/', '/api/health', '/terminals/', '/_astro/x.js']) expect(isolationHeaders(p), p).toEqual({});
});

test('the site CSP on a terminal page gains the sources WebContainer needs, and only there', async () => {
  const { responseHeaders } = await import('../../../src/server/http/response-headers');
  const terminal = responseHeaders('/terminal/dispatch-namespaces/');
  expect(terminal['Cross-Origin-Opener-Policy']).toBe('same-origin');
  expect(terminal['Content-Security-Policy']).toMatch(/frame-src [^;]*stackblitz\.com/);
  expect(terminal['Content-Security-Policy']).toMatch(/frame-ancestors 'none'/);
  const lesson = responseHeaders('/building/uploading-user-workers/');
  expect(lesson['Cross-Origin-Opener-Policy']).toBeUndefined();
  expect(lesson['Content-Security-Policy']).not.toMatch(/stackblitz/);
});
