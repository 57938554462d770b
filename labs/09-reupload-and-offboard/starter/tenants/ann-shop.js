// Ann's shop, version 1. It reads carts from its own KV namespace and holds its own payment key.
export default {
  async fetch(request, env) {
    const items = (await env.CARTS.get('cart:1')) ?? 'empty';
    return new Response(`ann-shop v1: cart ${items}, payment key ${env.PAYMENT_KEY ? 'present' : 'missing'}`);
  },
};
