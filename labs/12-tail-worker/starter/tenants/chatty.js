export default {
  fetch() {
    console.log('chatty: order 42 received');
    return new Response('chatty took your order');
  },
};
