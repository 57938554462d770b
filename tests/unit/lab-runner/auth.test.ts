import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { authorised, isLoopback, runnerSecret } from '../../../src/server/lab-runner/api/auth';
import { fleetSettings } from '../../../src/server/lab-runner/settings';

test('the runner secret is checked exactly, as a Bearer token', () => {
  expect(authorised('Bearer s3cret-value', 's3cret-value')).toBe(true);
  expect(authorised('bearer s3cret-value', 's3cret-value')).toBe(true);
  expect(authorised('Bearer s3cret-valu', 's3cret-value')).toBe(false);
  expect(authorised('Bearer s3cret-value-and-more', 's3cret-value')).toBe(false);
  expect(authorised('s3cret-value', 's3cret-value')).toBe(false);
  expect(authorised(null, 's3cret-value')).toBe(false);
  expect(authorised('Bearer ', '')).toBe(false);
});

test('only loopback addresses may go without a secret', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isLoopback(host)).toBe(true);
  for (const host of ['0.0.0.0', '10.0.0.5', '::', 'runner.internal']) expect(isLoopback(host)).toBe(false);
});

test('without LAB_RUNNER_SECRET, processes on one data dir share a generated secret kept 0600', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runner-secret-'));
  try {
    const file = join(dir, 'lab-runner.secret');
    const first = runnerSecret(file, {});
    expect(first.fromEnv).toBe(false);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(runnerSecret(file, {}).secret).toBe(first.secret);
    expect(runnerSecret(file, { LAB_RUNNER_SECRET: 'from-env' })).toEqual({ secret: 'from-env', fromEnv: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LAB_RUNNERS: embedded by default, remote, or a list of runner URLs', () => {
  expect(fleetSettings({}).mode).toBe('embedded');
  expect(fleetSettings({ LAB_RUNNERS: 'remote' })).toMatchObject({ mode: 'remote', urls: null });
  expect(fleetSettings({ LAB_RUNNERS: 'http://a:4500/, http://b:4500' })).toMatchObject({ mode: 'remote', urls: ['http://a:4500', 'http://b:4500'] });
});
