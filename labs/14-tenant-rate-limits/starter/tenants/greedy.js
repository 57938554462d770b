// A free-plan tenant whose site is hammered (a scraper, a loop in its own front end, or a small attack).
// Every request it serves costs the platform: upstream calls, CPU, a shared AI budget.
export default {
  fetch(request) {
    return new Response(`greedy served ${new URL(request.url).pathname}`);
  },
};
