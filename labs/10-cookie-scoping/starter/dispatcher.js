// The platform: its dashboard at app.platform.example, and every customer at <customer>.platform.example.
function dashboard(request) {
  const { pathname } = new URL(request.url);
  if (pathname === '/login') {
    // The session cookie is set for the whole domain, so browsers send it to every customer's site too.
    return new Response('Logged in to the platform dashboard', {
      headers: { 'set-cookie': 'platform_session=sess-4f2a9c; Domain=platform.example; Path=/; Secure; HttpOnly' },
    });
  }
  if (pathname === '/settings/email' && request.method === 'POST') {
    // Changes the account's e-mail address: a state-changing request, authenticated by the cookie alone.
    if (!/(^|;\s*)(__Host-)?platform_session=/.test(request.headers.get('cookie') ?? '')) return new Response('Log in first', { status: 401 });
    return new Response('E-mail address changed');
  }
  return new Response('Platform dashboard');
}

export default {
  async fetch(request, env) {
    const host = new URL(request.url).hostname;
    if (host === 'app.platform.example') return dashboard(request);
    const customer = host.split('.')[0];
    try {
      return await env.DISPATCHER.get(customer).fetch(request);
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown site', { status: 404 });
      return new Response('Site error', { status: 502 });
    }
  },
};
