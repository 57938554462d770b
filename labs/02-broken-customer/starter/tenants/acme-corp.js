export default {
  fetch() {
    return new Response('ACME storefront is up');
  },
};
