// Spends about 40 ms of CPU on every request.
export default {
  fetch() {
    const end = Date.now() + 40;
    let n = 0;
    while (Date.now() < end) n++;
    return new Response(`cruncher computed ${n} steps`);
  },
};
