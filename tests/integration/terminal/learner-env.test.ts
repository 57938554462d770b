import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runInBash } from '../../support/terminal';

// The learner's terminal (as the fallback tests start it, in real bash with the project's npm) keeps the machine's
// network settings and drops credentials that would let a test pass by accident.
const dir = mkdtempSync(join(tmpdir(), 'wfp-learner-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const leaked = {
  CLOUDFLARE_API_TOKEN: 'leaked-token-from-the-ci-machine',
  CLOUDFLARE_ACCOUNT_ID: 'f'.repeat(32),
  CLOUDFLARE_API_BASE_URL: 'https://api.cloudflare.com/client/v4',
  WRANGLER_LOG: 'debug',
};
const network = {
  HTTPS_PROXY: 'http://proxy.internal.test:3128',
  https_proxy: 'http://proxy.internal.test:3128',
  HTTP_PROXY: 'http://proxy.internal.test:3128',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
  NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
  SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt',
  SSL_CERT_DIR: '/etc/ssl/certs',
  npm_config_registry: 'https://npm-mirror.internal.test/',
  npm_config_strict_ssl: 'true',
};

async function shellSees(names: string[]): Promise<Record<string, string | null>> {
  const saved = { ...process.env };
  Object.assign(process.env, leaked, network, { npm_config_local_prefix: '/somewhere/else' });
  try {
    const commands = names.map((n) => ({ id: n, title: n, command: `printf '%s\n' "\${${n}-<unset>}"` }));
    commands.push({ id: 'npm-registry', title: 'registry', command: 'npm config get registry' });
    const run = await runInBash(commands, dir);
    expect(run.code, run.output).toBe(0);
    return Object.fromEntries(Object.entries(run.steps).map(([k, v]) => [k, v.trim() === '<unset>' ? null : v.trim()]));
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

test('a leaked CLOUDFLARE_API_TOKEN (and the rest of CLOUDFLARE_*/WRANGLER_*) never reaches the learner terminal', async () => {
  const seen = await shellSees([...Object.keys(leaked), 'npm_config_local_prefix']);
  for (const name of Object.keys(leaked)) expect(seen[name], name).toBeNull();
  // The outer npm's project prefix would make `npm install` write into this repository.
  expect(seen.npm_config_local_prefix).toBeNull();
});

test("the machine's proxy, CA and npm registry settings do reach it, and npm uses them", async () => {
  const seen = await shellSees(Object.keys(network));
  for (const [name, value] of Object.entries(network)) expect(seen[name], name).toBe(value);
  expect(seen['npm-registry']).toBe('https://npm-mirror.internal.test/');
});
