// Runs inside workerd as the engine's private Worker: it holds bindings to every KV namespace and D1
// database of the sandbox (so the engine can seed and inspect them) and writes the end-of-run marker.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/flush') {
      console.log(env.CONFIG.mark + JSON.stringify({ w: 'lab', t: 'flush', run: url.searchParams.get('run') }));
      return new Response('ok');
    }
    return new Response('not found', { status: 404 });
  },
};
