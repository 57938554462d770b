// Customers bring their own domains (Cloudflare for SaaS custom hostnames). Each custom hostname carries
// custom metadata such as { "script": "alice-bakery", "plan": "pro" }.
const SCRIPT_NAME = /^[a-z0-9_][a-z0-9-_]*$/;

export default {
  async fetch(request, env) {
    // Only the dispatcher sees request.cf; user Workers in untrusted mode do not.
    const meta = request.cf?.hostMetadata;
    const name = typeof meta?.script === 'string' ? meta.script : null;
    if (!name || !SCRIPT_NAME.test(name)) return new Response('Unknown site', { status: 404 });

    // Pass on only what the customer needs, as data.
    const headers = new Headers(request.headers);
    if (!headers.has('x-platform-plan')) headers.set('x-platform-plan', typeof meta.plan === 'string' ? meta.plan : 'free');
    try {
      return await env.DISPATCHER.get(name).fetch(new Request(request, { headers }));
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown site', { status: 404 });
      return new Response('Site error', { status: 502 });
    }
  },
};
