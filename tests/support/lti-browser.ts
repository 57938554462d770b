import type { PlatformSim } from './lti-platform';

/** A browser's cookie jar for the tool's origin, enough to follow an LTI launch without Chromium. */
export class ToolBrowser {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  constructor(readonly tool: string) {}

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(path: string, init: RequestInit & { origin?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.header());
    headers.set('origin', init.origin ?? this.tool);
    if (this.csrf && init.method && init.method !== 'GET') headers.set('x-csrf-token', this.csrf);
    const res = await fetch(this.tool + path, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (!value || /Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async refreshCsrf(): Promise<void> {
    const me = (await (await this.fetch('/api/auth/me')).json()) as { user: unknown; csrfToken: string | null };
    this.csrf = me.csrfToken;
  }
}

export interface LaunchResult {
  /** The tool's answer to the id_token post. */
  res: Response;
  html: string;
  /** The form the platform posted (to replay it). */
  form: Record<string, string>;
}

/**
 * Follows a third-party-initiated launch like a browser: the tool's login (GET), the platform's authorization page
 * (its auto-posting form), then the cross-site POST of id_token + state to the tool.
 */
export async function launch(sim: PlatformSim, browser: ToolBrowser, o: { hint: string; target: string; loginParams?: Record<string, string> }): Promise<LaunchResult> {
  const params = new URLSearchParams({
    iss: sim.issuer,
    login_hint: o.hint,
    target_link_uri: o.target,
    lti_message_hint: o.target,
    client_id: sim.clientId,
    lti_deployment_id: sim.deploymentId,
    ...o.loginParams,
  });
  const login = await browser.fetch(`/lti/login?${params}`);
  if (login.status !== 302) return { res: login, html: await login.text(), form: {} };
  const auth = await fetch(login.headers.get('location')!);
  if (auth.status !== 200 || !sim.lastForm) throw new Error(`authorization failed: ${auth.status} ${await auth.text()}`);
  const form = sim.lastForm.fields;
  const res = await postLaunch(sim, browser, form);
  return { res, html: await res.clone().text(), form };
}

export async function postLaunch(sim: PlatformSim, browser: ToolBrowser, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return browser.fetch('/lti/launch', { method: 'POST', origin: sim.url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
}
