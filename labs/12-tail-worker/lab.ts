import { defineLab, type CheckContext } from '../../src/schemas/lab';
import { expectStatus, get } from '../../src/server/labs/check-helpers';

// Needs Tail Worker support in the engine (engine-core: tail_consumers on account Workers).

/** Tail events arrive after the invocation: look a few times before concluding they never came. */
async function waitForEntry(ctx: CheckContext, key: string, text: string): Promise<string | null> {
  const log = await ctx.kv('tail-log');
  let value: string | null = null;
  for (let attempt = 0; attempt < 10; attempt++) {
    value = await log.get(key);
    if (value?.includes(text)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return value;
}

export default defineLab({
  id: 'tail-worker',
  title: 'One Tail Worker for every tenant',
  lesson: 'operating/observability',
  goal: 'Collect every customer\'s logs and exceptions in one place without touching their code: make the platform-tail Worker a tail consumer of the dispatcher (tail_consumers in platform.json), and write its tail() handler so each event\'s log lines land in the TAIL_LOG KV namespace under logs:<scriptName> and its exceptions under exceptions:<scriptName>.',
  resources: { kv: { 'tail-log': {} } },
  files: [
    { path: 'tail.js', label: 'Tail Worker', editable: true },
    { path: 'platform.json', label: 'Config (platform.json)', editable: true },
    { path: 'dispatcher.js', label: 'Dispatch Worker' },
    { path: 'tenants/chatty.js', label: 'chatty' },
    { path: 'tenants/crashy.js', label: 'crashy' },
  ],
  hosts: ['chatty.example.com', 'crashy.example.com'],
  presets: [
    { label: 'chatty logs a line', url: 'https://chatty.example.com/' },
    { label: 'crashy throws', url: 'https://crashy.example.com/' },
  ],
  hints: [
    'A Tail Worker attached to the dispatcher also receives the events of the user Workers it dispatched to. In platform.json, add "tail_consumers": [{ "service": "platform-tail" }] to the dispatcher entry.',
    'Each event has scriptName, outcome, logs (each with level and message, where message is an array of the values logged) and exceptions (each with name and message).',
    'KV has no append: read the current value with await env.TAIL_LOG.get(key), add your lines and put it back.',
  ],
  checks: [
    {
      name: 'A tenant\'s console.log reaches the Tail Worker',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://chatty.example.com/')), 200, 'chatty.example.com');
        const value = await waitForEntry(ctx, 'logs:chatty', 'order 42 received');
        if (!value?.includes('order 42 received'))
          ctx.fail(`Expected TAIL_LOG["logs:chatty"] to contain "chatty: order 42 received" after a request, but it is ${JSON.stringify(value)}. Is platform-tail a tail consumer of the dispatcher, and does tail() write the logs?`);
      },
    },
    {
      name: 'A tenant\'s uncaught exception reaches the Tail Worker',
      async run(ctx) {
        expectStatus(ctx, await ctx.send(get('https://crashy.example.com/')), 502, 'crashy.example.com');
        const value = await waitForEntry(ctx, 'exceptions:crashy', 'inventory service down');
        if (!value?.includes('inventory service down'))
          ctx.fail(`Expected TAIL_LOG["exceptions:crashy"] to contain "inventory service down" after a request, but it is ${JSON.stringify(value)}.`);
      },
    },
    {
      name: 'Tenants\' code was not changed to get there',
      async run(ctx) {
        for (const worker of ['chatty', 'crashy']) {
          const bound = await ctx.bindingsOf(worker);
          if (bound.length > 0) ctx.fail(`${worker} should have no bindings (collect its events from the dispatcher's tail consumer instead), but it has ${bound.map((b) => b.name).join(', ')}.`);
        }
      },
    },
  ],
});
