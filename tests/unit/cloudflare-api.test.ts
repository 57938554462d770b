import { describe, expect, test } from 'vitest';
import { CloudflareApiError, errorToResponse } from '../../src/server/cloudflare-api/envelope';
import { createRouter } from '../../src/server/cloudflare-api/router';
import { parseTagFilter } from '../../src/server/cloudflare-api/tags';
import { LabError } from '../../src/server/lab-engine/errors';

const handler = async () => new Response('ok');

describe('router', () => {
  const route = createRouter([{ method: 'GET', pattern: '/accounts/:account_id/storage/kv/namespaces/:kv/values/:key', handler }]);

  test('matches one encoded segment per parameter and decodes it', () => {
    expect(route('GET', '/accounts/a1/storage/kv/namespaces/k1/values/a%2Fb').params).toEqual({ account_id: 'a1', kv: 'k1', key: 'a/b' });
  });

  test('a known path with another method is 405; an unknown path is a 501 that names it', () => {
    expect(() => route('PUT', '/accounts/a1/storage/kv/namespaces/k1/values/x')).toThrow(expect.objectContaining({ status: 405, code: 10405 }));
    expect(() => route('GET', '/zones/z1/dns_records')).toThrow(expect.objectContaining({ status: 501, code: 7000, message: expect.stringContaining('GET /zones/z1/dns_records') }));
  });
});

describe('tag filters', () => {
  test('tag:yes, tag:no, bare tags and tags containing colons', () => {
    expect(parseTagFilter('a:yes,b:no,c')).toEqual([
      { tag: 'a', present: true },
      { tag: 'b', present: false },
      { tag: 'c', present: true },
    ]);
    expect(parseTagFilter('customer:acme:no')).toEqual([{ tag: 'customer:acme', present: false }]);
    expect(parseTagFilter(null)).toBeUndefined();
  });
});

describe('errors become Cloudflare envelopes in one place', () => {
  test.each([
    [new LabError('invalid_script_name', 'Invalid script name: …'), 400, 10016],
    [new LabError('invalid_binding', 'sibling'), 400, 10143],
    [new LabError('not_found', 'Script "x" does not exist in dispatch namespace "p".'), 404, 10092],
    [new LabError('not_found', 'Worker "x" does not exist in this account.'), 404, 10007],
    [new LabError('not_found', 'Dispatch namespace "p" does not exist.'), 404, 10090],
    [new LabError('already_exists', 'exists'), 409, 10026],
    [new CloudflareApiError(401, 10000, 'Authentication error'), 401, 10000],
  ])('%s → %i / %i', async (error, status, code) => {
    const response = errorToResponse(error);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ success: false, errors: [{ code }], messages: [], result: null });
  });
});
