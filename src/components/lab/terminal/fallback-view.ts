import type { ShownCommand } from '../../../server/terminal/fallback-commands';

/**
 * The terminal's fallback: why the in-browser terminal is not running (one sentence), then the exact
 * commands for the learner's own terminal and a .env snippet, each with a copy button.
 */
export interface FallbackContent {
  reason: string;
  folder: string;
  commands: ShownCommand[];
  dotEnv: string;
  /** The terminal page to try instead, when this page is the problem. */
  terminalPage?: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function copyBlock(text: string, label: string, announce: (message: string) => void): HTMLElement {
  const button = el('button', { type: 'button', className: 'terminal-copy', textContent: 'Copy' });
  button.setAttribute('aria-label', `Copy ${label}`);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
      button.setAttribute('aria-label', `Copied ${label}`);
      announce(`Copied ${label}.`);
    } catch {
      announce('Your browser did not allow copying: select the text and copy it by hand.');
    }
  });
  // Long commands scroll: the block is focusable so keyboard users can scroll it too.
  const pre = el('pre', { tabIndex: 0 }, el('code', { textContent: text }));
  pre.setAttribute('aria-label', label);
  return el('div', { className: 'terminal-code' }, pre, button);
}

export function renderFallback(host: HTMLElement, content: FallbackContent) {
  const live = el('p', { className: 'terminal-live' });
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  const announce = (message: string) => (live.textContent = message);
  const steps = el('ol', { className: 'terminal-commands' });
  for (const c of content.commands) steps.append(el('li', { className: 'terminal-step' }, el('p', { className: 'terminal-step-title', textContent: c.title }), copyBlock(c.command, c.title, announce)));
  host.replaceChildren(
    el('div', { className: 'terminal-fallback' },
      el('p', { className: 'terminal-reason', textContent: content.reason }),
      ...(content.terminalPage ? [el('p', {}, el('a', { href: content.terminalPage, textContent: 'Open the terminal page' }))] : []),
      el('p', { textContent: `In your own terminal (bash or zsh, with Node.js 22 or newer), run these in order. They carry your sandbox's values, and act on the same sandbox as this page.` }),
      steps,
      el('p', { className: 'terminal-step-title', textContent: 'Or keep the values in a .env file' }),
      el('p', {}, 'wrangler reads ', el('code', { textContent: '.env' }), ' from the folder it runs in: save this as ', el('code', { textContent: `${content.folder}/.env` }), ' instead of running the export step.'),
      copyBlock(content.dotEnv, '.env snippet', announce),
      live,
    ),
  );
}
