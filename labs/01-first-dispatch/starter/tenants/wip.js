// A customer whose new code has a bug: every request throws. Its Worker exists, so it is not a 404.
export default {
  async fetch() {
    throw new Error('TypeError: cannot read properties of undefined (reading "menu")');
  },
};
