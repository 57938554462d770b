// The outbound Worker: every fetch() made by a customer Worker arrives here first.
// Origins compare scheme, host and port together: "http://payments.example" and ":8443" are other origins.
const ALLOWED_ORIGINS = new Set(['https://weather.example', 'https://payments.example']);
const PAYMENTS = 'https://payments.example';
// What the platform pays for on a tenant's behalf: nothing else gets a key (no refunds, no listings).
const PAYMENT_CALLS = new Set(['POST /charge']);

/** Each tenant's own, least-privilege key; a tenant with no contract has none. */
const keyOf = (env, customer) => new Map([['shop', env.PAYMENTS_KEY_SHOP]]).get(customer) ?? null;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    console.log(`[egress] ${env.customer ?? 'unknown customer'} ${request.method} ${url.origin}${url.pathname}`);
    if (!ALLOWED_ORIGINS.has(url.origin)) {
      return new Response(`blocked: ${url.origin} is not on the platform's allow-list`, { status: 403 });
    }
    if (url.origin === PAYMENTS) {
      if (!PAYMENT_CALLS.has(`${request.method} ${url.pathname}`)) return new Response('blocked: not a payment call the platform makes for you', { status: 403 });
      const key = keyOf(env, env.customer);
      if (!key) return new Response('blocked: no payments contract for this customer', { status: 403 });
      const headers = new Headers(request.headers);
      // The customer's code never sees this key: it is added on the way out, after the checks above.
      headers.set('authorization', `Bearer ${key}`);
      return fetch(new Request(request, { headers }));
    }
    return fetch(request);
  },
};
