// Two routing tables, neither needing a redeploy: the path for the shared app domain, KV for custom domains.
const APP_HOST = 'app.platform.example';
let table = null;

async function route(request, env) {
  const url = new URL(request.url);
  if (url.hostname === APP_HOST) {
    const [, scriptName, ...rest] = url.pathname.split('/');
    if (!scriptName) return null;
    const inner = new URL(url);
    inner.pathname = '/' + rest.join('/');
    return { scriptName, request: new Request(inner, request) };
  }
  // Loaded once per isolate and never refreshed: rows added later are never seen.
  if (!table) {
    table = {};
    for (const { name } of (await env.ROUTES.list()).keys) table[name] = await env.ROUTES.get(name);
  }
  const scriptName = table[url.hostname];
  return scriptName ? { scriptName, request } : null;
}

export default {
  async fetch(request, env) {
    const target = await route(request, env);
    if (!target) return new Response('Unknown host', { status: 404 });
    try {
      return await env.DISPATCHER.get(target.scriptName).fetch(target.request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response('Customer error', { status: 502 });
    }
  },
};
