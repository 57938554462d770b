const ALLOWED = new Set(['weather.example', 'payments.example']);
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    console.log(`[egress] ${env.customer ?? 'unknown customer'} ${request.method} ${url.hostname}${url.pathname}`);
    if (!ALLOWED.has(url.hostname)) return new Response('blocked', { status: 403 });
    if (url.hostname === 'payments.example') {
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${env.PAYMENTS_KEY_SHOP}`);
      return fetch(new Request(request, { headers }));
    }
    return fetch(request);
  },
};
