// Routing is hard-coded: every new customer means redeploying the gateway.
const ROUTES = {
  'shop.acme.example': 'acme-corp',
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const scriptName = ROUTES[url.hostname];
    if (!scriptName) return new Response('Unknown host', { status: 404 });
    return env.DISPATCHER.get(scriptName).fetch(request);
  },
};
