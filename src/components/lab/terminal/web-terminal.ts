import { auth, WebContainer, type FileSystemTree } from '@webcontainer/api';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

/**
 * Real wrangler in the tab: WebContainer (StackBlitz's hosted runtime) mounts the project, installs
 * wrangler from npm, and runs jsh with the sandbox's variables, shown in xterm.js. Files flow both ways:
 * `writeFile` puts editor changes into the container; fs.watch reports the container's changes back.
 */
export interface WebTerminalOptions {
  clientId: string;
  tree: FileSystemTree;
  env: Record<string, string>;
  /** Called with each chunk the shell prints (the tab refreshes the sandbox view after wrangler commands). */
  onOutput(chunk: string): void;
  /** A file changed inside the container (path relative to the project). */
  onFileChanged(path: string, text: string): void;
}

export interface WebTerminal {
  writeFile(path: string, text: string): Promise<void>;
  /** Points the running shell at another sandbox (after the lab was reset). */
  setEnv(env: Record<string, string>): void;
  dispose(): void;
}

const BOOT_TIMEOUT_MS = 45_000;
let booted: Promise<WebContainer> | null = null;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
    promise.then((v) => (clearTimeout(timer), resolve(v)), (e) => (clearTimeout(timer), reject(e)));
  });
}

/** Boots once per page (WebContainer allows one instance); throws when the runtime cannot be reached. */
export async function startWebTerminal(host: HTMLElement, options: WebTerminalOptions): Promise<WebTerminal> {
  const status = auth.init({ clientId: options.clientId, scope: '' });
  if (status.status === 'auth-failed') throw new Error(`the WebContainer licence was refused: ${status.description || status.error}`);
  // Sign-in flows (StackBlitz OAuth per learner) are not wired: a licence that needs them falls back.
  if (status.status === 'need-auth') throw new Error('the WebContainer licence asks each learner to sign in to StackBlitz, which this course does not do');
  booted ??= withTimeout(WebContainer.boot({ coep: 'credentialless', workdirName: 'lab' }), BOOT_TIMEOUT_MS, 'Starting WebContainer');
  const wc = await booted;
  await wc.mount(options.tree);

  const term = new Terminal({ convertEol: true, cursorBlink: true, fontSize: 13, scrollback: 5_000 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  host.replaceChildren();
  term.open(host);
  fit.fit();

  const pipe = (stream: ReadableStream<string>, also?: (chunk: string) => void) =>
    void stream.pipeTo(new WritableStream({ write: (chunk) => (term.write(chunk), also?.(chunk)) })).catch(() => {});

  term.writeln('Installing wrangler from npm (first time only)…');
  const install = await wc.spawn('npm', ['install', '--no-audit', '--no-fund'], { env: options.env });
  pipe(install.output);
  if ((await install.exit) !== 0) term.writeln('\r\nnpm install failed: wrangler may be missing. Try `npm install` in the shell below.');

  const shell = await wc.spawn('jsh', { env: options.env, terminal: { cols: term.cols, rows: term.rows } });
  pipe(shell.output, options.onOutput);
  const input = shell.input.getWriter();
  const typing = term.onData((data) => void input.write(data));
  const resize = new ResizeObserver(() => {
    fit.fit();
    shell.resize({ cols: term.cols, rows: term.rows });
  });
  resize.observe(host);

  // Container → editor. Writes we made ourselves come back as events too; the caller ignores equal text.
  const watcher = wc.fs.watch('.', { recursive: true }, (_event, filename) => {
    const path = typeof filename === 'string' ? filename : new TextDecoder().decode(filename);
    if (path.startsWith('node_modules/') || path.startsWith('.wrangler/')) return;
    void wc.fs.readFile(path, 'utf-8').then((text) => options.onFileChanged(path, text), () => {});
  });

  return {
    async writeFile(path, text) {
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      if (dir) await wc.fs.mkdir(dir, { recursive: true });
      await wc.fs.writeFile(path, text);
    },
    setEnv(env) {
      const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
      term.writeln('\r\n[The lab was reset: this shell now uses your new sandbox.]');
      void input.write(`${Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`).join('; ')}\n`);
    },
    dispose() {
      watcher.close();
      resize.disconnect();
      typing.dispose();
      shell.kill();
      term.dispose();
    },
  };
}
