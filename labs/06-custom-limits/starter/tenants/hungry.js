// Checks stock for ten items, one subrequest each.
export default {
  async fetch() {
    for (let i = 1; i <= 10; i++) await fetch(`https://inventory.example/items/${i}`);
    return new Response('hungry checked 10 items');
  },
};
