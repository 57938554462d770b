// The platform's dispatch Worker, bound to the "customers" namespace as env.DISPATCHER.
// Customers are deployed into that namespace from the terminal, with wrangler.
export default {
  async fetch(request, env) {
    // TODO: send pizza-palace.example.com (and every other customer subdomain) to the customer's
    // Worker in the namespace; answer 404 for a subdomain with no Worker.
    return new Response('Welcome to the platform. (Nothing is routed yet.)');
  },
};
