export default {
  fetch() {
    throw new Error('inventory service down');
  },
};
