import { describe, expect, test } from 'vitest';
import { compareOutcomes, markdownTable } from '../../src/server/compare/diff';

const base = { status: 200, headers: { 'content-type': 'text/plain', date: 'x' }, body: 'hi', logs: ['a'], error: null };

describe('compare:cloudflare differences', () => {
  test('status, body, headers (transport headers ignored), error text and log lines are compared', () => {
    const request = { method: 'GET', url: 'https://a.example/' };
    expect(compareOutcomes('s', request, base, { ...base, headers: { 'content-type': 'text/plain', date: 'y' } })).toEqual([]);
    const diffs = compareOutcomes('s', request, base, { status: 500, headers: { 'content-type': 'text/html' }, body: 'Worker threw exception', logs: ['a', 'b'], error: 'boom' });
    expect(diffs.map((d) => d.field)).toEqual(['status', 'body', 'header content-type', 'error', 'logs']);
    expect(diffs[0]).toEqual({ scenario: 's', request: 'GET https://a.example/', field: 'status', local: '200', remote: '500' });
  });

  test('the Markdown table the README is generated from', () => {
    const table = markdownTable([{ scenario: 's', request: 'GET https://a.example/', field: 'body', local: 'a|b', remote: '' }], { remote: 'Cloudflare', when: '2026-12-06', compared: 3, skipped: [{ id: 'lab-x', reason: 'needs seeded KV' }] });
    expect(table.split('\n')).toEqual([
      'Compared 3 requests against Cloudflare on 2026-12-06: 1 difference.',
      '',
      '| Scenario | Request | Field | Local sandbox | Remote |',
      '|---|---|---|---|---|',
      '| s | GET https://a.example/ | body | a\\|b | (empty) |',
      '',
      'Not compared:',
      '',
      '- lab-x: needs seeded KV',
    ]);
  });
});
