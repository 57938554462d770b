export default {
  async fetch(request, env) {
    return Response.json({ cart: await env.CARTS.get('cart:1') });
  },
};
