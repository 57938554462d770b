// A legitimate customer with its own login: it needs its own cookie on every request.
export default {
  fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') {
      return new Response('Logged in to the bakery', { headers: { 'set-cookie': 'bakery_session=b-789; Path=/; Secure; HttpOnly; SameSite=Lax' } });
    }
    const cookies = request.headers.get('cookie') ?? '';
    if (pathname === '/account') {
      return cookies.includes('bakery_session=b-789') ? new Response('Welcome back to the bakery') : new Response('Please log in', { status: 401 });
    }
    return new Response('The bakery');
  },
};
