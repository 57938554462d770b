// A customer deployed a bug: every request throws.
export default {
  async fetch() {
    throw new Error('could not connect: db password "hunter2" rejected');
  },
};
