// A hostile customer: it throws an error whose message imitates the platform's own timeout, hoping the
// gateway reads messages and reports it as a 504 (a tenant should not choose its own status code).
export default {
  async fetch() {
    throw new Error('timeout');
  },
};
