import { expect, test } from 'vitest';
import { inlineScriptHashes, registerScriptHashes, responseHeaders } from '../../../src/server/http/response-headers';

test('default policy: CSP with frame-ancestors none, no unsafe-inline scripts, nosniff, referrer policy, DENY', () => {
  const h = responseHeaders('/isolation/isolation-and-security/');
  expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  expect(h['Content-Security-Policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;| )/);
  expect(h['Content-Security-Policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(h['X-Content-Type-Options']).toBe('nosniff');
  expect(h['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  expect(h['X-Frame-Options']).toBe('DENY');
});

test('inline scripts are allowed by hash; JSON data blocks and external scripts are not hashed', () => {
  const hashes = inlineScriptHashes('<script>a()</script><script type="module">b()</script><script type="application/json">{}</script><script src="/x.js"></script>');
  expect(hashes).toHaveLength(2);
  registerScriptHashes(hashes);
  expect(responseHeaders('/')['Content-Security-Policy']).toContain(`'${hashes[0]}'`);
  expect(responseHeaders('/', { scriptHashes: ['sha256-extra'] })['Content-Security-Policy']).toContain("'sha256-extra'");
});
