// The gateway. Its own env holds the admin database and the admin token: that is fine, they are the platform's.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === 'admin.platform.example') {
      if (request.headers.get('authorization') !== `Bearer ${env.ADMIN_TOKEN}`) return new Response('Forbidden', { status: 403 });
      const { results } = await env.ADMIN_DB.prepare('SELECT customer, invoice, amount_cents FROM invoices ORDER BY customer').all();
      return Response.json(results);
    }
    const customer = url.hostname.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown customer', { status: 404 });
      return new Response('Customer error', { status: 502 });
    }
  },
};
