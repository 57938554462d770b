// acme-corp's invoices page: reads its own rows from env.DB.
export default {
  async fetch(request, env) {
    const { results } = await env.DB.prepare('SELECT invoice, amount_cents FROM invoices WHERE customer = ?').bind('acme-corp').all();
    const rows = results.map((r) => `${r.invoice}: $${(r.amount_cents / 100).toFixed(2)}`).join('\n');
    return new Response(`acme-corp invoices\n${rows}`);
  },
};
