export default {
  fetch() {
    return new Response('ACME: open for business');
  },
};
