// The same heavy work as hungry and cruncher together, on the enterprise plan.
export default {
  async fetch() {
    for (let i = 1; i <= 10; i++) await fetch(`https://inventory.example/items/${i}`);
    const end = Date.now() + 40;
    while (Date.now() < end);
    return new Response('bigco done');
  },
};
