/** Whether WebContainer can boot here, and if not, why, in one sentence the learner can act on. */
export interface TerminalSettings {
  enabled: boolean;
  clientId: string | null;
}

export function whyNoWebContainer(settings: TerminalSettings): string | null {
  // What no page of this server can change comes first, so the learner is never sent to a page that cannot start.
  if (!settings.enabled) return 'The in-browser terminal is turned off on this server, so run these commands in your own terminal instead.';
  if (!settings.clientId) return 'No WebContainer licence is configured on this server (WEBCONTAINER_CLIENT_ID), so the in-browser terminal cannot start here or on any page of this site: run these commands in your own terminal instead.';
  if (!navigator.onLine) return 'You are offline, and the in-browser terminal must download its runtime and wrangler, so run these commands in your own terminal instead.';
  const unsupported = 'This browser cannot run the in-browser terminal (it needs WebAssembly and SharedArrayBuffer), so run these commands in your own terminal instead.';
  if (typeof WebAssembly !== 'object') return unsupported;
  if (!window.crossOriginIsolated) return 'This page is not cross-origin isolated, which the in-browser terminal needs, so open the terminal page or run these commands in your own terminal.';
  if (typeof SharedArrayBuffer !== 'function') return unsupported;
  return null;
}

/** Whether a terminal page of this server could start WebContainer at all (so a link to it is worth showing). */
export const serverCanStart = (settings: TerminalSettings) => settings.enabled && !!settings.clientId;

/** One sentence for a boot that started and failed (StackBlitz unreachable, licence refused, timeout). */
export function bootFailure(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `StackBlitz's runtime could not be started (${detail.slice(0, 160)}), so run these commands in your own terminal instead.`;
}

/** The server's terminal settings; throws when the server cannot be reached. */
export async function loadSettings(): Promise<TerminalSettings> {
  const res = await fetch('/api/terminal/config', { cache: 'no-store' });
  const body = (await res.json()) as Partial<TerminalSettings>;
  return { enabled: body.enabled === true, clientId: typeof body.clientId === 'string' ? body.clientId : null };
}
