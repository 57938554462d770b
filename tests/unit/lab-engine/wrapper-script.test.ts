import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { wrapperScript } from '../../../src/server/lab-engine/outer-sandbox/wrapper-script';

const dir = mkdtempSync(join(tmpdir(), 'wrapper-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = wrapperScript({
  workerdPath: '/opt/work dir/workerd',
  sandboxRootPrefix: join(dir, 'root-'),
  user: { uid: 999, gid: 995 },
  dataLimitBytes: 1024 ** 3,
  bwrap: '/usr/bin/bwrap',
  setpriv: '/usr/bin/setpriv',
  prlimit: '/usr/bin/prlimit',
  roBinds: ['/usr'],
  symlinks: [{ path: '/lib', target: 'usr/lib' }],
});
const path = join(dir, 'wrapper.sh');
writeFileSync(path, script, { mode: 0o755 });
const run = (dataDir: string | undefined) =>
  spawnSync('sh', [path, '--version'], { env: { PATH: '/usr/bin:/bin', ...(dataDir === undefined ? {} : { WFP_LAB_DATA_DIR: dataDir }) }, encoding: 'utf8' });

test('drops privileges before bubblewrap, clears the environment and dies with its parent', () => {
  const exec = script.slice(script.indexOf('exec '));
  expect(exec.indexOf('setpriv')).toBeLessThan(exec.indexOf('bwrap'));
  expect(exec.indexOf('prlimit')).toBeLessThan(exec.indexOf('bwrap'));
  for (const flag of ['--reuid=999', '--regid=995', '--clear-groups', '--data=1073741824', '--die-with-parent', '--unshare-all', '--share-net', '--clearenv', '--remount-ro /'])
    expect(script).toContain(flag);
  expect(script).toContain(`'/opt/work dir/workerd' /run/workerd`);
  expect(script).toContain('"$@"');
});

test('refuses a data directory outside the sandbox roots, or none, before anything runs', () => {
  for (const bad of [undefined, '', '/', '/etc', join(dir, 'root-x'), join(dir, 'root-x/../../etc'), join(dir, 'other/abc')]) {
    const result = run(bad);
    expect(result.status, String(bad)).toBe(70);
    expect(result.stderr).toMatch(/lab outer sandbox/);
  }
});
