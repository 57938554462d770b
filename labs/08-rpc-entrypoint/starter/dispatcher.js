// The platform's quote API: GET https://api.platform.example/quote/<customer>?items=<n>
// Each customer ships a pricing plug-in whose default export is a WorkerEntrypoint with quote(items).
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const match = url.pathname.match(/^\/quote\/([a-z0-9-]+)$/);
    if (!match) return new Response('Not found', { status: 404 });
    const items = Number(url.searchParams.get('items') ?? '1');
    // TODO: this asks the plug-in for a web page. Call its quote() method over RPC instead,
    // answer { customer, items, currency, total }, 404 for a missing customer and 502 for a failing one.
    return env.DISPATCHER.get(match[1]).fetch(request);
  },
};
