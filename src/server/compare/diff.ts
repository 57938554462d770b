import type { Outcome, SendSpec } from './targets';

/** One difference between the local sandbox and the remote platform. */
export interface Difference {
  scenario: string;
  request: string;
  field: 'status' | 'body' | `header ${string}` | 'error' | 'logs' | 'deploy';
  local: string;
  remote: string;
}

/** Headers every platform sets differently (transport, tracing): not part of the comparison. */
const IGNORED_HEADERS = new Set(['date', 'cf-ray', 'server', 'content-length', 'connection', 'transfer-encoding', 'alt-svc', 'nel', 'report-to', 'vary', 'keep-alive', 'cf-cache-status', 'server-timing', 'speculation-rules']);

const show = (v: string) => (v.length > 120 ? `${v.slice(0, 117)}…` : v);

export function compareOutcomes(scenario: string, request: SendSpec, local: Outcome, remote: Outcome): Difference[] {
  const label = `${request.method} ${request.url}`;
  const out: Difference[] = [];
  const add = (field: Difference['field'], l: string, r: string) => l !== r && out.push({ scenario, request: label, field, local: show(l), remote: show(r) });
  add('status', String(local.status), String(remote.status));
  add('body', local.body, remote.body);
  const names = new Set([...Object.keys(local.headers), ...Object.keys(remote.headers)].map((h) => h.toLowerCase()));
  for (const name of [...names].sort()) if (!IGNORED_HEADERS.has(name)) add(`header ${name}`, local.headers[name] ?? '(none)', remote.headers[name] ?? '(none)');
  add('error', local.error ?? '', remote.error ?? '');
  add('logs', local.logs.join(' | '), remote.logs.join(' | '));
  return out;
}

const cell = (s: string) => (s === '' ? '(empty)' : s.replace(/\|/g, '\\|').replace(/\n/g, ' '));

/** The report as a Markdown table (the README's local-vs-production table is generated from it). */
export function markdownTable(diffs: Difference[], meta: { remote: string; when: string; compared: number; skipped: Array<{ id: string; reason: string }> }): string {
  const lines = [
    `Compared ${meta.compared} requests against ${meta.remote} on ${meta.when}: ${diffs.length === 0 ? 'no differences' : `${diffs.length} difference${diffs.length === 1 ? '' : 's'}`}.`,
    '',
    '| Scenario | Request | Field | Local sandbox | Remote |',
    '|---|---|---|---|---|',
    ...diffs.map((d) => `| ${cell(d.scenario)} | ${cell(d.request)} | ${cell(d.field)} | ${cell(d.local)} | ${cell(d.remote)} |`),
  ];
  if (diffs.length === 0) lines.push('| — | — | — | — | — |');
  if (meta.skipped.length) lines.push('', 'Not compared:', '', ...meta.skipped.map((s) => `- ${s.id}: ${s.reason}`));
  return lines.join('\n');
}
