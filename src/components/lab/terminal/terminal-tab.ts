import type { PublicLab } from '../../../server/labs/registry';
import { lessonTerminals } from '../../../server/terminal/lesson-terminals';
import { isTerminalPage } from '../../../server/http/isolation-headers';
import { targetOf } from './sandbox-target';
import type { TerminalPanel } from './terminal-panel';

/** What the workbench lends the Terminal tab. */
export interface WorkbenchHooks {
  sandbox(): Promise<{ sandboxId: string; token: string }>;
  files(): Record<string, string>;
  /** Put a file changed in the terminal into the editor. */
  replaceFile(path: string, text: string): void;
}

/**
 * Adds a Terminal tab to a lab's results tabs when the lab uses the command line. Call it before the
 * workbench wires its tabs (it adds the tab and its panel to the markup); the terminal itself loads
 * when the tab is first opened. Returns null for labs without a terminal.
 */
export function addTerminalTab(section: HTMLElement, lab: PublicLab, hooks: WorkbenchHooks): { fileChanged(path: string, text: string): void } | null {
  const spec = lab.terminal;
  if (!spec) return null;
  const tabs = section.querySelector<HTMLElement>('.lab-output-tabs')!;
  const id = `lab-${lab.id}-panel-terminal`;
  const tab = Object.assign(document.createElement('button'), { type: 'button', id: `lab-${lab.id}-out-terminal`, textContent: 'Terminal', tabIndex: -1 });
  tab.setAttribute('role', 'tab');
  tab.dataset.panel = 'terminal';
  tab.setAttribute('aria-selected', 'false');
  tab.setAttribute('aria-controls', id);
  tabs.append(tab);
  const panel = Object.assign(document.createElement('div'), { id, className: 'lab-panel lab-terminal', hidden: true, tabIndex: 0 });
  panel.setAttribute('role', 'tabpanel');
  panel.dataset.panel = 'terminal';
  panel.setAttribute('aria-labelledby', tab.id);
  section.querySelector('.lab-output')!.append(panel);

  const page = lessonTerminals.find((t) => t.labId === lab.id);
  let terminal: TerminalPanel | null = null;
  // One account lookup per sandbox, however often the terminal looks at it.
  let known: { sandboxId: string; target: ReturnType<typeof targetOf> } | null = null;
  const open = async () => {
    if (terminal) return;
    const { mountTerminalPanel } = await import('./terminal-panel');
    terminal ??= mountTerminalPanel(panel, {
      folder: `wfp-${lab.id}`,
      spec,
      files: hooks.files,
      editable: new Set(lab.files.filter((f) => f.editable).map((f) => f.path)),
      target: async () => {
        const credentials = await hooks.sandbox();
        if (known?.sandboxId !== credentials.sandboxId) known = { sandboxId: credentials.sandboxId, target: targetOf(credentials).catch((e) => ((known = null), Promise.reject(e))) };
        return known.target;
      },
      onFileFromContainer: hooks.replaceFile,
      onSandboxChanged: () => section.dispatchEvent(new CustomEvent('lab:sandbox-changed', { bubbles: true })),
      terminalPage: page && !isTerminalPage(location.pathname) ? `/terminal/${page.slug}/` : undefined,
    });
  };
  tab.addEventListener('click', () => void open());
  // On a terminal page the terminal is the point: open it once the workbench has wired its tabs.
  if (isTerminalPage(location.pathname)) setTimeout(() => tab.click(), 0);
  return { fileChanged: (path, text) => terminal?.fileChanged(path, text) };
}
