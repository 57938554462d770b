export default {
  async fetch() {
    const res = await fetch('https://inventory.example/items/1');
    return new Response(`tiny: ${await res.text()}`);
  },
};
