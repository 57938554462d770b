// The platform's quote API: GET https://api.platform.example/quote/<customer>?items=<n>
// Each customer ships a pricing plug-in whose default export is a WorkerEntrypoint with quote(items).
const CURRENCIES = new Set(['EUR', 'USD', 'GBP']);

/** A plug-in's result is the customer's data: keep only a well-formed quote, or nothing. */
function validQuote(result) {
  if (typeof result !== 'object' || result === null) return null;
  const { currency, total } = result;
  if (typeof currency !== 'string' || !CURRENCIES.has(currency)) return null;
  if (typeof total !== 'number' || !Number.isFinite(total) || total < 0) return null;
  return { currency, total };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const match = url.pathname.match(/^\/quote\/([a-z0-9-]+)$/);
    if (!match) return new Response('Not found', { status: 404 });
    const customer = match[1];
    const items = Number(url.searchParams.get('items') ?? '1');
    if (!Number.isInteger(items) || items < 1 || items > 1000) return Response.json({ error: 'items must be 1 to 1000' }, { status: 400 });
    let result;
    try {
      // RPC: the stub from get() exposes the default export's methods. Like fetch(), a missing Worker
      // only shows up when the call is made.
      result = await env.DISPATCHER.get(customer).quote(items);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('Worker not found')) return Response.json({ error: 'no such customer' }, { status: 404 });
      console.error(`quote from ${customer} failed:`, e instanceof Error ? e.message : String(e));
      return Response.json({ error: `the pricing plug-in failed: ${e.message}` }, { status: 502 });
    }
    const quote = validQuote(result);
    if (!quote) return Response.json({ error: 'the pricing plug-in returned an invalid quote' }, { status: 502 });
    return Response.json({ customer, items, ...quote });
  },
};
