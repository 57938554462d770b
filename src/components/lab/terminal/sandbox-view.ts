import { z } from 'zod';
import type { TerminalTarget } from '../../../schemas/terminal';
import { sandboxApi } from './sandbox-target';

/**
 * What is in the learner's sandbox right now: its dispatch namespaces and their scripts, read from the
 * sandbox's API. Refreshed after each wrangler command in the in-browser terminal, and by the Refresh
 * button (commands run in the learner's own terminal cannot tell the page).
 */
const namespaces = z.array(z.object({ namespace_name: z.string(), script_count: z.number().optional() }));
const scripts = z.array(z.object({ id: z.string() }));

export interface SandboxView {
  refresh(): Promise<void>;
}

export function createSandboxView(host: HTMLElement, target: () => Promise<TerminalTarget>, onChange: () => void): SandboxView {
  const title = Object.assign(document.createElement('p'), { className: 'terminal-step-title', textContent: 'Your sandbox' });
  const list = Object.assign(document.createElement('ul'), { className: 'terminal-sandbox-list' });
  list.setAttribute('aria-live', 'polite');
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Refresh' });
  host.replaceChildren(title, list, button);
  let last = '';

  async function refresh() {
    try {
      const t = await target();
      const base = `/accounts/${t.accountId}/workers/dispatch/namespaces`;
      const found = await sandboxApi(t, base, namespaces);
      const rows = await Promise.all(
        found.map(async (ns) => ({ name: ns.namespace_name, scripts: (await sandboxApi(t, `${base}/${encodeURIComponent(ns.namespace_name)}/scripts`, scripts)).map((s) => s.id) })),
      );
      const text = JSON.stringify(rows);
      if (text === last) return;
      last = text;
      list.replaceChildren(
        ...(rows.length === 0
          ? [Object.assign(document.createElement('li'), { textContent: 'No dispatch namespaces yet.' })]
          : rows.map((r) => Object.assign(document.createElement('li'), { textContent: `Namespace "${r.name}": ${r.scripts.length ? r.scripts.join(', ') : 'no scripts'}` }))),
      );
      list.dataset.state = text;
      onChange();
    } catch (error) {
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: `Could not read the sandbox: ${error instanceof Error ? error.message : String(error)}` }));
    }
  }
  button.addEventListener('click', () => void refresh());
  return { refresh };
}
