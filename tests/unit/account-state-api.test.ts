import { describe, expect, test } from 'vitest';
import { createAccountState } from '../../src/server/lab-engine/account-state';
import { isLabError } from '../../src/server/lab-engine/errors';
import type { ValidWorkerUpload } from '../../src/server/lab-engine/schemas';

// State operations added for the Cloudflare API: pure rules, no runtime.
const upload = (extra: Partial<ValidWorkerUpload['metadata']> = {}): ValidWorkerUpload => ({
  metadata: { main_module: 'index.js', ...extra },
  modules: [{ name: 'index.js', type: 'esm', content: 'export default {}' }],
});

describe('account state for the Cloudflare API', () => {
  test('deleteUserWorkersByTags deletes exactly the matching user Workers', () => {
    const s = createAccountState();
    s.createNamespace('production');
    s.putUserWorker('production', 'a', upload({ tags: ['free', 'eu'] }));
    s.putUserWorker('production', 'b', upload({ tags: ['pro'] }));
    s.putUserWorker('production', 'c', upload({ tags: ['free'] }));
    const before = s.version;
    expect(s.deleteUserWorkersByTags('production', [{ tag: 'free', present: true }, { tag: 'eu', present: false }])).toEqual(['c']);
    expect(s.version).toBeGreaterThan(before);
    expect(s.listUserWorkers('production').map((w) => w.name)).toEqual(['a', 'b']);
    expect(s.deleteUserWorkersByTags('production', [{ tag: 'nobody', present: true }])).toEqual([]);
  });

  test('setNamespaceTrustedWorkers switches trusted mode', () => {
    const s = createAccountState();
    s.createNamespace('production');
    expect(s.setNamespaceTrustedWorkers('production', true).trustedWorkers).toBe(true);
    expect(() => s.setNamespaceTrustedWorkers('missing', true)).toThrow(/does not exist/);
  });

  test('a user Worker cannot bind a sibling in its namespace (invalid_binding), but may bind an account Worker', () => {
    const s = createAccountState();
    s.createNamespace('production');
    s.putUserWorker('production', 'sibling', upload());
    s.putAccountWorker('platform-api', upload());
    let error: unknown;
    try {
      s.putUserWorker('production', 'x', upload({ bindings: [{ type: 'service', name: 'SIB', service: 'sibling' }] }));
    } catch (e) {
      error = e;
    }
    expect(isLabError(error) && error.code).toBe('invalid_binding');
    expect(() => s.putUserWorker('production', 'x', upload({ bindings: [{ type: 'service', name: 'API', service: 'platform-api' }] }))).not.toThrow();
  });

  test('re-upload keeps only binding types listed in keep_bindings', () => {
    const s = createAccountState();
    s.createNamespace('production');
    s.putUserWorker('production', 'a', upload({ bindings: [{ type: 'secret_text', name: 'KEY', text: 'k' }, { type: 'plain_text', name: 'PLAN', text: 'p' }] }));
    expect(s.putUserWorker('production', 'a', upload({ keep_bindings: ['secret_text'] })).metadata.bindings).toEqual([{ type: 'secret_text', name: 'KEY', text: 'k' }]);
    expect(s.putUserWorker('production', 'a', upload()).metadata.bindings).toBeUndefined();
  });
});
