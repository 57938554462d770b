// Two routing tables, neither needing a redeploy: the path for the shared app domain, KV for custom domains.
const APP_HOST = 'app.platform.example';

async function route(request, env) {
  const url = new URL(request.url);
  if (url.hostname === APP_HOST) {
    const [, scriptName, ...rest] = url.pathname.split('/');
    if (!scriptName) return null;
    const inner = new URL(url);
    inner.pathname = '/' + rest.join('/');
    return { scriptName, request: new Request(inner, request) };
  }
  // A table in the code: every new customer domain needs a redeploy.
  const scriptName = { 'shop.acme.example': 'acme-corp', 'www.globex.example': 'globex' }[url.hostname];
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
