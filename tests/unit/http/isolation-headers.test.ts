import { expect, test } from 'vitest';
import { isolationHeaders } from '../../../src/server/http/isolation-headers';

test('terminal pages are cross-origin isolated, nothing else is', () => {
  const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' };
  for (const p of ['/terminal/dispatch-namespaces/', '/terminal/uploading-user-workers/', '/terminal']) expect(isolationHeaders(p), p).toEqual(isolated);
  for (const p of ['/', '/building/uploading-user-workers/', '/labs/deploy-from-terminal/', '/api/health', '/terminals/', '/_astro/x.js']) expect(isolationHeaders(p), p).toEqual({});
});
