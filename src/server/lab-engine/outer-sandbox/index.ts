import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { wrapperScript } from './wrapper-script';

export const LAB_USER = 'wfp-lab';

export interface OuterSandbox {
  enabled: boolean;
  /** One line for the server log: what isolates lab runtimes (or, loudly, that nothing does). */
  summary: string;
  /** The uid workerd runs as, as the host sees it (null when the outer sandbox is off). */
  uid: number | null;
  wrapperPath: string | null;
  /** Where sandbox data directories must live: a root the lab user can reach (or the caller's own when off). */
  sandboxRoot: string;
}

export interface OuterSandboxOptions {
  /** The engine's data dir: names its sandbox root (sandbox data itself lives under the temp dir). */
  dataDir: string;
  /** The engine's own choice of sandbox root, used as is when the outer sandbox is off. */
  sandboxRoot: string;
  memoryLimitBytes: number;
  /** LAB_OUTER_SANDBOX=0 turns it off (for machines without user namespaces). */
  disabled?: boolean;
}

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':').concat(['/usr/bin', '/usr/sbin', '/bin'])) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      /* not here */
    }
  }
  return null;
}

function workerdBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('workerd/package.json', { paths: [require.resolve('miniflare')] });
  // workerd's package exports the binary path as its default export (lib/main.js); resolve it the same way.
  const main = require(pkg.replace(/package\.json$/, 'lib/main.js')) as { default?: string } | string;
  return typeof main === 'string' ? main : main.default!;
}

/** A dedicated system user for lab runtimes (created when the server runs as root and it is missing). */
function labUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', LAB_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', LAB_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return uid > 0 && gid > 0 ? { uid, gid } : null;
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', '--user-group', LAB_USER], { stdio: 'ignore' });
  } catch {
    /* no useradd, or a race with another server: look again, then fall back */
  }
  // nobody is acceptable only because it is neither root nor the server's own user (the server is root here).
  return lookup() ?? { uid: 65534, gid: 65534 };
}

/** Whether another uid can reach `path`: every ancestor searchable by others, the file itself executable. */
function reachableByOthers(path: string): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === dirname(dir)) break;
  }
  return (statSync(path).mode & 0o001) !== 0;
}

/** The workerd binary where the lab user can bind it: in place, or copied once to a shared temp path. */
function reachableWorkerd(path: string): string {
  if (reachableByOthers(path)) return path;
  const size = statSync(path).size;
  const copy = join(tmpdir(), `wfp-lab-workerd-${size}`);
  if (existsSync(copy) && statSync(copy).size === size) return copy;
  copyFileSync(path, `${copy}.${process.pid}`);
  chmodSync(`${copy}.${process.pid}`, 0o755);
  renameSync(`${copy}.${process.pid}`, copy);
  return copy;
}

/**
 * Sandbox data must sit where the lab user can walk to it (bubblewrap resolves bind sources as that user),
 * which a private course data dir (0700) is not. A root under the temp dir, one per data dir, mode 0711:
 * others can pass through but not list it, and each sandbox's own directory is 0700 to the lab user.
 */
const ROOT_PREFIX = () => join(tmpdir(), 'wfp-lab-sandboxes-');
/** The shared sandbox root an engine with this data dir uses (lab runners sweep those of dead runners). */
export const sandboxRootFor = (dataDir: string) => `${ROOT_PREFIX()}${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
function sharedSandboxRoot(dataDir: string): string {
  const root = sandboxRootFor(dataDir);
  rmSync(root, { recursive: true, force: true }); // sandboxes do not outlive the process
  mkdirSync(root, { recursive: true, mode: 0o711 });
  chmodSync(root, 0o711);
  return root;
}

function rootLayout() {
  const roBinds: string[] = ['/usr'];
  const symlinks: Array<{ path: string; target: string }> = [];
  for (const path of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) symlinks.push({ path, target: readlinkSync(path) });
    else roBinds.push(path);
  }
  return { roBinds, symlinks };
}

/**
 * Prepares the bubblewrap wrapper and points Miniflare at it. Where bwrap is missing (macOS, minimal
 * containers) labs still run, directly, and the summary says so loudly.
 */
export function prepareOuterSandbox(options: OuterSandboxOptions): OuterSandbox {
  const bwrap = which('bwrap');
  const prlimit = which('prlimit');
  const setpriv = which('setpriv');
  const off = (why: string): OuterSandbox => {
    delete process.env.MINIFLARE_WORKERD_PATH;
    return { enabled: false, uid: null, wrapperPath: null, sandboxRoot: options.sandboxRoot, summary: `WARNING: labs run WITHOUT the outer sandbox (${why}): learners' code runs in workerd with the server's own privileges and view of the files. Fine on your own machine; to isolate labs install bubblewrap (Debian/Ubuntu: sudo apt-get install -y bubblewrap util-linux).` };
  };
  if (options.disabled) return off('LAB_OUTER_SANDBOX=0');
  if (process.platform !== 'linux') return off(`bubblewrap needs Linux, this is ${process.platform}`);
  if (!bwrap || !prlimit) return off(`${!bwrap ? 'bwrap (Debian package "bubblewrap")' : 'prlimit (util-linux)'} is not installed`);
  const user = labUser();
  if (user && !setpriv) return off('setpriv (util-linux) is not installed, so the server cannot drop root before bubblewrap');
  const sandboxRoot = sharedSandboxRoot(options.dataDir);
  // V8 needs far more than the watchdog's limit in private writable memory only when a Worker hogs it; give
  // the kernel's backstop twice the watchdog's limit (at least 1 GiB) so normal startup never meets it.
  const dataLimitBytes = Math.max(1024 ** 3, options.memoryLimitBytes * 2);
  const script = wrapperScript({
    workerdPath: user ? reachableWorkerd(workerdBinary()) : workerdBinary(),
    sandboxRootPrefix: ROOT_PREFIX(),
    user,
    dataLimitBytes,
    bwrap,
    setpriv,
    prlimit,
    ...rootLayout(),
  });
  // MINIFLARE_WORKERD_PATH is process-wide, so the wrapper is too: named by its content, never deleted by an
  // engine that closes while another in the same process still runs (tests start several).
  const wrapperPath = join(tmpdir(), `wfp-lab-workerd-wrapper-${createHash('sha256').update(script).digest('hex').slice(0, 16)}.sh`);
  if (!existsSync(wrapperPath)) {
    writeFileSync(`${wrapperPath}.${process.pid}`, script, { mode: 0o755 });
    renameSync(`${wrapperPath}.${process.pid}`, wrapperPath);
  }
  // Self-test: user namespaces may be disabled (some distributions restrict them); then run directly, loudly.
  const probeDir = join(sandboxRoot, 'self-test');
  const probe = spawnSync(wrapperPath, ['--version'], { env: { WFP_LAB_DATA_DIR: probeDir, WFP_LAB_SANDBOX: 'self-test' }, encoding: 'utf8', timeout: 10_000 });
  rmSync(probeDir, { recursive: true, force: true });
  if (probe.status !== 0) rmSync(sandboxRoot, { recursive: true, force: true });
  if (probe.status !== 0) return off(`bubblewrap could not start workerd here: ${(probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0]}`);
  process.env.MINIFLARE_WORKERD_PATH = wrapperPath;
  const who = user ? `uid ${user.uid}` : `the server's own uid ${process.getuid?.()} (not root, so it cannot switch user)`;
  return {
    enabled: true,
    uid: user?.uid ?? process.getuid?.() ?? null,
    wrapperPath,
    sandboxRoot,
    summary: `labs run in bubblewrap as ${who}, each seeing only its own data directory, with a ${Math.round(dataLimitBytes / 1024 ** 2)} MiB kernel memory limit (RLIMIT_DATA)`,
  };
}
