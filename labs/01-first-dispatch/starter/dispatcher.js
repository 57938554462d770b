// The platform's dynamic dispatch Worker: every customer request arrives here first.
export default {
  async fetch(request, env) {
    // TODO: pick the customer from the hostname and hand the request to their user Worker
    // through env.DISPATCHER (the dispatch namespace binding).
    return new Response('Welcome to the platform. (Nothing is routed yet.)');
  },
};
