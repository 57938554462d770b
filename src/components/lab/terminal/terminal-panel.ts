import type { TerminalSpec, TerminalTarget } from '../../../schemas/terminal';
import { dotEnv, fallbackCommands } from '../../../server/terminal/fallback-commands';
import { projectFiles, syncedPath, terminalEnv, toFileTree } from '../../../server/terminal/project';
import { changedAccount } from '../../../server/terminal/wrangler-output';
import { bootFailure, loadSettings, serverCanStart, whyNoWebContainer } from './boot-check';
import { renderFallback } from './fallback-view';
import { createSandboxView } from './sandbox-view';
import type { WebTerminal } from './web-terminal';
import './terminal.css';

/** Where the terminal's project and sandbox come from: a lab's workbench, or a lesson's terminal page. */
export interface TerminalSource {
  /** Project folder name, for the learner's own terminal. */
  folder: string;
  spec: TerminalSpec;
  /** The project's files as the editor has them now. */
  files(): Record<string, string>;
  /** Files the container may change back in the editor. */
  editable: ReadonlySet<string>;
  target(): Promise<TerminalTarget>;
  onFileFromContainer(path: string, text: string): void;
  /** Told after the sandbox's namespaces or scripts changed (e.g. a deploy from the terminal). */
  onSandboxChanged(): void;
  terminalPage?: string;
}

export interface TerminalPanel {
  /** The editor changed a file: write it into the terminal's project. */
  fileChanged(path: string, text: string): void;
}


export function mountTerminalPanel(host: HTMLElement, source: TerminalSource): TerminalPanel {
  const main = Object.assign(document.createElement('div'), { className: 'terminal-main' });
  const side = Object.assign(document.createElement('div'), { className: 'terminal-sandbox' });
  main.append(Object.assign(document.createElement('p'), { className: 'terminal-loading', textContent: 'Preparing the terminal…' }));
  host.replaceChildren(main, side);
  host.dataset.terminal = 'starting';

  // The workbench's Reset gives the lab a new sandbox: every look at the sandbox re-resolves it, and the
  // terminal follows (new exports in the shell, new values in the fallback's commands).
  let target: TerminalTarget | null = null;
  async function getTarget(): Promise<TerminalTarget> {
    const next = await source.target();
    const changed = target !== null && (next.apiBase !== target.apiBase || next.token !== target.token);
    target = next;
    if (changed) {
      web?.setEnv(terminalEnv(next));
      fallback?.();
    }
    return next;
  }
  const view = createSandboxView(side, getTarget, source.onSandboxChanged);
  let web: WebTerminal | null = null;
  const pending = new Map<string, string>();
  let fallback: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void view.refresh(), 300);
  };

  let canStart = false;
  async function showFallback(reason: string) {
    await getTarget();
    const render = () => {
      const t = target!;
      const files = projectFiles(source.folder, source.spec, { [source.spec.worker.main]: source.files()[source.spec.worker.main] ?? '' });
      renderFallback(main, { reason, folder: source.folder, commands: fallbackCommands({ folder: source.folder, target: t, spec: source.spec, files }), dotEnv: dotEnv(t), ...(canStart && source.terminalPage ? { terminalPage: source.terminalPage } : {}) });
    };
    render();
    fallback = render;
    host.dataset.terminal = 'fallback';
    // Commands in the learner's own terminal cannot tell the page: look again while the tab is shown.
    setInterval(() => {
      if (document.visibilityState === 'visible' && host.offsetParent !== null) void view.refresh();
    }, 5_000);
  }

  async function start() {
    let settings;
    try {
      settings = await loadSettings();
      await getTarget();
    } catch (error) {
      main.replaceChildren(Object.assign(document.createElement('p'), { className: 'terminal-reason', textContent: `The terminal could not be set up: ${error instanceof Error ? error.message : 'the course server did not answer'}. Check your connection and open the tab again.` }));
      host.dataset.terminal = 'error';
      return;
    }
    void view.refresh();
    canStart = serverCanStart(settings);
    const reason = whyNoWebContainer(settings);
    if (reason) return showFallback(reason);
    try {
      const t = await getTarget();
      const { startWebTerminal } = await import('./web-terminal');
      web = await startWebTerminal(main, {
        clientId: settings.clientId!,
        tree: toFileTree(projectFiles(source.folder, source.spec, source.files())),
        env: terminalEnv(t),
        onOutput: (chunk) => changedAccount(chunk) && refreshSoon(),
        onFileChanged(path, text) {
          const synced = syncedPath(path, source.editable);
          if (synced && source.files()[synced] !== text) source.onFileFromContainer(synced, text);
        },
      });
      for (const [path, text] of pending) void web.writeFile(path, text).catch(() => {});
      pending.clear();
      host.dataset.terminal = 'running';
    } catch (error) {
      await showFallback(bootFailure(error));
    }
  }
  void start();

  let renderTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    fileChanged(path, text) {
      if (web) void web.writeFile(path, text).catch(() => {});
      else if (!fallback) pending.set(path, text);
      else if (fallback && path === source.spec.worker.main) {
        clearTimeout(renderTimer);
        renderTimer = setTimeout(() => fallback?.(), 500);
      }
    },
  };
}
