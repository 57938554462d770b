// Another customer. It has no payments contract with the platform, so it must not be able to charge with shop's key.
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/pay') {
      const res = await fetch('https://payments.example/charge', { method: 'POST', body: '{"amount":500}', headers: { 'content-type': 'application/json' } });
      return new Response(`bakery payment: upstream said ${res.status} ${await res.text()}`);
    }
    return new Response('bakery home');
  },
};
