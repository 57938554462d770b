/** A tiny cookie-keeping client for the built server, acting like a browser on the same origin. */
export interface Client {
  csrf: string | null;
  cookie: string | null;
  request(path: string, init?: { method?: string; json?: unknown; form?: Record<string, string | string[]>; headers?: Record<string, string>; csrf?: boolean }): Promise<Response>;
  signUp(email: string, password?: string, name?: string): Promise<Response>;
  signIn(email: string, password: string): Promise<Response>;
}

/** `origin` is the Origin its requests carry: the base's own, or the public one (SITE_ORIGIN) behind a proxy. */
export function createClient(base: string, origin: string = base): Client {
  const client: Client = {
    csrf: null,
    cookie: null,
    async request(path, init = {}) {
      const headers: Record<string, string> = { origin, ...init.headers };
      if (client.cookie) headers.cookie = client.cookie;
      if (init.csrf !== false && client.csrf) headers['x-csrf-token'] = client.csrf;
      let body: string | undefined;
      if (init.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(init.json);
      } else if (init.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
        body = params.toString();
      }
      const res = await fetch(base + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
      const set = res.headers.getSetCookie().find((c) => c.startsWith('course_session='));
      if (set) client.cookie = set.split(';')[0]!.endsWith('=') ? null : set.split(';')[0]!;
      return res;
    },
    async signUp(email, password = 'learner-password', name = email.split('@')[0]!) {
      const res = await client.request('/api/auth/sign-up', { json: { email, password, name } });
      if (res.ok) client.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
      return res;
    },
    async signIn(email, password) {
      const res = await client.request('/api/auth/sign-in', { json: { email, password } });
      if (res.ok) client.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
      return res;
    },
  };
  return client;
}
