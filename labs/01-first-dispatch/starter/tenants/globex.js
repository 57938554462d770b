// globex's code: a tiny JSON API.
export default {
  fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/orders') return Response.json({ shop: 'Globex orders', orders: [1042, 1043] });
    return new Response('Globex home');
  },
};
