// The outbound Worker: every fetch() made by a customer Worker arrives here first.
export default {
  async fetch(request, env) {
    // Today it forwards everything, to anywhere, and says nothing.
    return fetch(request);
  },
};
