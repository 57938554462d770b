import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLabEngine, type LabEngine, type Sandbox } from '../../../src/server/lab-engine';
import { startCourseServer } from '../../support/course-server';
import { esm } from '../../support/lab-engine';

// The outer sandbox needs Linux with bubblewrap; .ci/run installs it. Elsewhere the server says so loudly.
const supported = process.platform === 'linux' && existsSync('/usr/bin/bwrap');

const courseDir = mkdtempSync(join(tmpdir(), 'wfp-outer-'));
const courseDb = join(courseDir, 'course.db');
const projectDir = resolve('.');
let engine: LabEngine;
let mine: Sandbox;
let other: Sandbox;
const dirOf = (s: Sandbox) => join(engine.outer.sandboxRoot, s.id);

/** A Worker that reports what it can see through node:fs and process.env. */
const PROBE = `
import fs from 'node:fs';
const attempt = (fn) => { try { return { ok: true, value: fn() }; } catch (e) { return { ok: false, error: String(e.code ?? e.message) }; } };
export default {
  fetch(request) {
    const paths = JSON.parse(new URL(request.url).searchParams.get('paths'));
    const read = Object.fromEntries(paths.map((p) => [p, attempt(() => fs.readFileSync(p, 'utf8').slice(0, 100))]));
    const list = Object.fromEntries(paths.map((p) => [p, attempt(() => fs.readdirSync(p))]));
    return Response.json({ read, list, root: attempt(() => fs.readdirSync('/')), env: Object.keys(process.env) });
  },
};`;

beforeAll(async () => {
  if (!supported) return;
  writeFileSync(courseDb, 'SQLite format 3\0 the course database');
  process.env.WFP_OUTER_SANDBOX_TEST_SECRET = 'server-only';
  engine = createLabEngine({ dataDir: join(courseDir, 'labs'), log: () => {} });
  [mine, other] = [await engine.create(), await engine.create()];
  for (const s of [mine, other]) {
    await s.uploadAccountWorker('probe', esm(PROBE, [], { compatibility_date: '2026-07-01', compatibility_flags: ['nodejs_compat'] }));
    expect((await s.send({ url: 'https://probe.example.com/?paths=[]' })).status).toBe(200);
  }
});
afterAll(async () => {
  delete process.env.WFP_OUTER_SANDBOX_TEST_SECRET;
  await engine?.close();
  rmSync(courseDir, { recursive: true, force: true });
});

describe.runIf(supported)('the outer sandbox around every workerd', () => {
  test('from inside a lab run, node:fs and process.env show none of the server, the course or other sandboxes', async () => {
    const paths = [courseDb, courseDir, projectDir, join(projectDir, 'package.json'), dirOf(other), '/etc/passwd', '/proc/1/environ'];
    const result = await mine.send({ url: `https://probe.example.com/?paths=${encodeURIComponent(JSON.stringify(paths))}` });
    expect(result.status).toBe(200);
    const seen = JSON.parse(result.body) as { read: Record<string, { ok: boolean }>; list: Record<string, { ok: boolean }>; root: { ok: boolean }; env: string[] };
    expect(seen.root.ok).toBe(true); // node:fs works, it just sees nothing of ours
    for (const p of paths) {
      expect(seen.read[p]!.ok, `read ${p}`).toBe(false);
      expect(seen.list[p]!.ok, `list ${p}`).toBe(false);
    }
    expect(seen.env).not.toContain('WFP_OUTER_SANDBOX_TEST_SECRET');
    expect(seen.env).not.toContain('PATH');
  });

  test('as the host sees the process: an unprivileged uid of its own, a private mount namespace and no server environment', () => {
    const pid = mine.runtimePid!;
    expect(pid).toBeGreaterThan(0);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(/^Name:\s+(\S+)/m.exec(status)?.[1]).toBe('workerd');
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status)!.slice(1).map(Number);
    for (const uid of uids) {
      expect(uid).not.toBe(0);
      expect(uid).not.toBe(process.getuid!());
    }
    expect(engine.outer.uid).toBe(uids[0]);

    expect(readlinkSync(`/proc/${pid}/ns/mnt`)).not.toBe(readlinkSync('/proc/self/ns/mnt'));
    expect(readlinkSync(`/proc/${pid}/ns/pid`)).not.toBe(readlinkSync('/proc/self/ns/pid'));
    const root = `/proc/${pid}/root`;
    expect(readdirSync(root).sort()).toEqual(expect.not.arrayContaining(['etc', 'home', 'root', 'work', 'var']));
    expect(existsSync(root + courseDb)).toBe(false);
    expect(existsSync(root + courseDir)).toBe(false);
    expect(existsSync(join(root, projectDir, 'package.json'))).toBe(false);
    expect(existsSync(root + dirOf(other))).toBe(false);
    expect(existsSync(root + dirOf(mine))).toBe(true);
    // Other processes: its /proc shows only its own pid namespace (bubblewrap's init and workerd).
    expect(readdirSync(`${root}/proc`).filter((e) => /^\d+$/.test(e)).length).toBeLessThanOrEqual(3);

    const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter(Boolean).map((e) => e.split('=')[0]);
    expect(environ.sort()).toEqual(expect.arrayContaining(['WFP_LAB_SANDBOX']));
    for (const name of environ) expect(['TZ', 'FORCE_COLOR', 'WFP_LAB_SANDBOX', 'WFP_LAB_DATA_DIR', 'PWD']).toContain(name);
  });

  test('the filesystem is read-only except its own data directory, and the kernel enforces a memory limit', () => {
    const pid = mine.runtimePid!;
    const mounts = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map((f) => ({ point: f[4]!, rw: f[5]!.split(',').includes('rw') }));
    const writable = mounts.filter((m) => m.rw).map((m) => m.point);
    // bubblewrap's own /dev (device nodes such as /dev/null are bound one by one), /proc, a private /tmp.
    for (const point of writable.filter((p) => !p.startsWith('/dev/'))) expect(['/tmp', '/dev', '/proc', dirOf(mine)]).toContain(point);
    expect(writable).toContain(dirOf(mine));
    expect(mounts.find((m) => m.point === '/usr')?.rw).toBe(false);
    expect(mounts.find((m) => m.point === '/')?.rw).toBe(false);

    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const data = /^Max data size\s+(\S+)/m.exec(limits)![1]!;
    expect(data).not.toBe('unlimited');
    expect(Number(data)).toBeGreaterThanOrEqual(engine.limits.memoryLimitBytes);
  });

  test('lab code cannot opt into workerd\'s experimental features', async () => {
    const upload = esm(PROBE, [], { compatibility_date: '2026-07-01', compatibility_flags: ['nodejs_compat', 'experimental'] });
    await expect(mine.uploadAccountWorker('experimental', upload)).rejects.toThrow(/"experimental" compatibility flag is not allowed/);
  });

  test('the data it writes (KV) lands in its own directory, owned by the lab user', async () => {
    const kv = await mine.createKvNamespace('notes');
    await (await mine.kv(kv.id)).put('k', 'v');
    expect(await (await mine.kv(kv.id)).get('k')).toBe('v');
    expect(readdirSync(join(dirOf(mine), 'kv')).length).toBeGreaterThan(0);
  });
});

/** Every process under `root` (its children, theirs, …). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => (children.get(pid) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(root);
  return out;
}
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'latin1'));
  } catch {
    return false;
  }
};

test.runIf(supported)('no workerd outlives a server killed with SIGKILL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wfp-kill-'));
  mkdirSync(dataDir, { recursive: true });
  const server = await startCourseServer({ dataDir, env: { LAB_WARM_POOL: '2' } });
  try {
    let workerds: number[] = [];
    for (let i = 0; i < 300 && workerds.length < 2; i++) {
      workerds = descendants(server.process.pid!).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'latin1').trim() === 'workerd';
        } catch {
          return false;
        }
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(workerds.length).toBe(2);
    expect(server.output()).toMatch(/room for \d+ lab sandboxes/);
    expect(server.output()).toMatch(/labs run in bubblewrap/);
    server.process.kill('SIGKILL');
    await new Promise((r) => server.process.once('exit', r));
    for (let i = 0; i < 50 && workerds.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(workerds.filter(alive)).toEqual([]);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
