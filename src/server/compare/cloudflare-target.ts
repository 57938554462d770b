import type { Outcome, SendSpec, Target } from './targets';

/**
 * A real Cloudflare account. Requests reach a dispatch Worker through an entry Worker on workers.dev
 * that forwards them over a service binding with the original URL (so hostname routing works), and the
 * dispatch Worker's log lines come from a live tail (`POST …/tails`, WebSocket `trace-v1`).
 * Never run in CI (no network there); see the README.
 */
const ENTRY = `export default {
  async fetch(request, env) {
    const target = request.headers.get('x-compare-url');
    if (!target) return new Response('x-compare-url missing', { status: 400 });
    const headers = new Headers(request.headers);
    headers.delete('x-compare-url');
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return env.TARGET.fetch(new Request(target, { method: request.method, headers, body, redirect: 'manual' }));
  },
};`;

export function cloudflareTarget(apiBase: string, accountId: string, token: string, prefix: string): Target {
  const entries = new Map<string, string>(); // dispatcher -> entry URL
  const created: string[] = [];
  const api = async (method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(`${apiBase}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, ...headers } });
    const json = (await response.json().catch(() => ({ success: false, errors: [{ code: 0, message: `HTTP ${response.status}` }], result: null }))) as {
      success: boolean;
      errors: Array<{ code: number; message: string }>;
      result: unknown;
    };
    return { status: response.status, json };
  };
  const acct = `/accounts/${accountId}`;

  async function tailLogs(dispatcher: string, run: () => Promise<Response>): Promise<{ response: Response; logs: string[] }> {
    const tail = await api('POST', `${acct}/workers/scripts/${dispatcher}/tails`, JSON.stringify({ filters: [] }), { 'content-type': 'application/json' });
    const { id, url } = tail.json.result as { id: string; url: string };
    const logs: string[] = [];
    const socket = new WebSocket(url, 'trace-v1');
    await new Promise<void>((resolve, reject) => ((socket.onopen = () => resolve()), (socket.onerror = () => reject(new Error('tail socket failed')))));
    socket.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as { logs: Array<{ message: unknown[] }> };
      for (const l of event.logs) logs.push(l.message.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
    };
    const response = await run();
    await new Promise((r) => setTimeout(r, 3000)); // trace events arrive shortly after the response
    socket.close();
    await api('DELETE', `${acct}/workers/scripts/${dispatcher}/tails/${id}`);
    return { response, logs };
  }

  return {
    label: 'cloudflare',
    apiBase,
    accountId,
    token,
    api,
    async prepare(dispatcher) {
      const name = `${prefix}-entry-${entries.size}`;
      const form = new FormData();
      const metadata = { main_module: 'entry.js', compatibility_date: '2026-07-01', bindings: [{ type: 'service', name: 'TARGET', service: dispatcher }] };
      form.append('metadata', new File([JSON.stringify(metadata)], 'metadata.json', { type: 'application/json' }));
      form.append('entry.js', new File([ENTRY], 'entry.js', { type: 'application/javascript+module' }));
      const put = await api('PUT', `${acct}/workers/scripts/${name}`, form);
      if (!put.json.success) throw new Error(`entry Worker: ${JSON.stringify(put.json.errors)}`);
      created.push(name);
      await api('POST', `${acct}/workers/scripts/${name}/subdomain`, JSON.stringify({ enabled: true }), { 'content-type': 'application/json' });
      const sub = (await api('GET', `${acct}/workers/subdomain`)).json.result as { subdomain: string };
      entries.set(dispatcher, `https://${name}.${sub.subdomain}.workers.dev`);
      await new Promise((r) => setTimeout(r, 5000)); // a new workers.dev route takes a moment to propagate
    },
    async send(dispatcher: string, request: SendSpec): Promise<Outcome> {
      const entry = entries.get(dispatcher);
      if (!entry) throw new Error(`no entry Worker for ${dispatcher}`);
      try {
        const { response, logs } = await tailLogs(dispatcher, () =>
          fetch(`${entry}${new URL(request.url).pathname}${new URL(request.url).search}`, { method: request.method, headers: { ...(request.headers ?? {}), 'x-compare-url': request.url }, body: request.body, redirect: 'manual' }),
        );
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => (headers[k] = v));
        return { status: response.status, headers, body: await response.text(), logs, error: null };
      } catch (error) {
        return { status: null, headers: {}, body: '', logs: [], error: error instanceof Error ? error.message : String(error) };
      }
    },
    async cleanup() {
      for (const name of created) await api('DELETE', `${acct}/workers/scripts/${name}?force=true`);
    },
  };
}
