export default {
  fetch() {
    return new Response('ACME Corp, onboarded last year');
  },
};
