import { z } from 'zod';
import { getMe } from '../../../client/api-client';
import { terminalSpecSchema, terminalTargetSchema, type TerminalTarget } from '../../../schemas/terminal';
import { targetOf } from './sandbox-target';
import { mountTerminalPanel } from './terminal-panel';

/** A lesson's terminal page without a lab: a plain sandbox of its own and a small project. */
const pageData = z.object({ slug: z.string(), spec: terminalSpecSchema, files: z.record(z.string(), z.string()) });
const created = z.object({ id: z.string(), token: z.string(), accountId: z.string(), apiBase: z.string() });

async function sandboxFor(slug: string): Promise<TerminalTarget> {
  const key = `wfp-terminal-sandbox:${slug}`;
  const stored = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { sandboxId: string; token: string } | null;
  if (stored) {
    // Sandboxes expire when idle: make a new one if this one is gone.
    try {
      return await targetOf(stored);
    } catch {
      sessionStorage.removeItem(key);
    }
  }
  const { csrfToken } = await getMe();
  const res = await fetch('/api/sandboxes', { method: 'POST', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `the course server answered ${res.status}`);
  }
  const sb = created.parse(await res.json());
  sessionStorage.setItem(key, JSON.stringify({ sandboxId: sb.id, token: sb.token }));
  return terminalTargetSchema.parse({ apiBase: sb.apiBase, accountId: sb.accountId, token: sb.token });
}

export function mountStandaloneTerminal(host: HTMLElement) {
  const data = pageData.parse(JSON.parse(host.querySelector('.terminal-data')!.textContent!));
  const files = { ...data.files };
  mountTerminalPanel(host.querySelector<HTMLElement>('.lab-terminal')!, {
    folder: `wfp-${data.slug}`,
    spec: data.spec,
    files: () => files,
    editable: new Set(),
    target: () => sandboxFor(data.slug),
    onFileFromContainer: () => {},
    onSandboxChanged: () => {},
  });
}
