// A pro-plan tenant: it pays for more requests per period.
export default {
  fetch() {
    return new Response('bigshop: busy, and paying for it');
  },
};
