// The platform: its dashboard at app.platform.example, and every customer at <customer>.platform.example.
// Customers share the platform's domain, so the platform's cookies are scoped to the dashboard's host and
// filtered out of (and kept from being set by) customer traffic. Customers' own cookies pass untouched.

// Every cookie of the platform is named with this prefix (and the old, domain-wide name is still recognised).
const PLATFORM_COOKIE = /^(__Host-platform_|platform_)/;

function dashboard(request) {
  const { pathname } = new URL(request.url);
  if (pathname === '/login') {
    // Host-only: no Domain attribute, and the __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
    return new Response('Logged in to the platform dashboard', {
      headers: { 'set-cookie': '__Host-platform_session=sess-4f2a9c; Path=/; Secure; HttpOnly; SameSite=Lax' },
    });
  }
  if (pathname === '/settings/email' && request.method === 'POST') {
    // Customers' pages are the same site as the dashboard, so SameSite lets their forms carry the session:
    // only the dashboard's own origin may change state.
    if (request.headers.get('origin') !== 'https://app.platform.example') return new Response('Cross-origin request refused', { status: 403 });
    if (!/(^|;\s*)__Host-platform_session=/.test(request.headers.get('cookie') ?? '')) return new Response('Log in first', { status: 401 });
    return new Response('E-mail address changed');
  }
  return new Response('Platform dashboard');
}

/** The Cookie header without the platform's cookies (a browser may still hold an old domain-wide one). */
function customerCookies(header) {
  return (header ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && !PLATFORM_COOKIE.test(c))
    .join('; ');
}

/** True when a Set-Cookie from a customer would create or shadow a platform cookie, or cover the whole domain. */
function touchesPlatform(setCookie) {
  const [pair, ...attributes] = setCookie.split(';').map((p) => p.trim());
  if (PLATFORM_COOKIE.test(pair)) return true;
  return attributes.some((a) => /^domain\s*=/i.test(a));
}

export default {
  async fetch(request, env) {
    const host = new URL(request.url).hostname;
    if (host === 'app.platform.example') return dashboard(request);
    const customer = host.split('.')[0];

    const headers = new Headers(request.headers);
    const cookies = headers.get('cookie');
    if (cookies) headers.set('cookie', cookies);
    else headers.delete('cookie');

    let response;
    try {
      response = await env.DISPATCHER.get(customer).fetch(new Request(request, { headers }));
    } catch (e) {
      if (e.message.startsWith('Worker not found')) return new Response('Unknown site', { status: 404 });
      return new Response('Site error', { status: 502 });
    }
    const clean = new Response(response.body, response);
    clean.headers.delete('set-cookie');
    for (const c of response.headers.getSetCookie()) if (!touchesPlatform(c)) clean.headers.append('set-cookie', c);
    return clean;
  },
};
