// A free-plan tenant with ordinary traffic.
export default {
  fetch() {
    return new Response('modest: a quiet little shop');
  },
};
