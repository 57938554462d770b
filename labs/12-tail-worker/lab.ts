import { defineLab, type CheckContext } from '../../src/schemas/lab';
import { expectStatus, get } from '../../src/server/labs/check-helpers';

// Needs Tail Worker support in the engine (engine-core: tail_consumers on account Workers).

/** Earlier runs' rows would let a later, broken handler pass: each check starts from an empty table for its tenant. */
async function clearRows(ctx: CheckContext, script: string) {
  const db = await ctx.d1('tail-log');
  await db.prepare('DELETE FROM events WHERE script = ?').bind(script).all();
}

/** Tail events arrive after the invocation: look a few times before concluding they never came. */
async function waitForEntry(ctx: CheckContext, script: string, kind: string, text: string): Promise<string | null> {
  const db = await ctx.d1('tail-log');
  let lines: string[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const { results } = await db.prepare('SELECT line FROM events WHERE script = ? AND kind = ?').bind(script, kind).all<{ line: string }>();
    lines = results.map((r) => r.line);
    const hit = lines.find((l) => l.includes(text));
    if (hit) return hit;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return lines.length > 0 ? lines.join(' | ') : null;
}

export default defineLab({
  id: 'tail-worker',
  title: 'One Tail Worker for every tenant',
  lesson: 'operating/observability',
  goal: 'Collect every customer\'s logs and exceptions in one place without touching their code: make the platform-tail Worker a tail consumer of the dispatcher (tail_consumers in platform.json), and write its tail() handler so each event\'s log lines and exceptions become rows of the TAIL_DB table events (script, kind "log" or "exception", line, at): one row per line, no read-then-write. (A KV value per tenant that you read and rewrite loses lines written at the same time and grows without bound; production platforms use Logpush, a Queue or R2 for this.)',
  resources: { d1: { 'tail-log': 'CREATE TABLE events (script TEXT NOT NULL, kind TEXT NOT NULL, line TEXT NOT NULL, at INTEGER NOT NULL);' } },
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
    'Build one prepared INSERT and bind it once per line; send them all with await env.TAIL_DB.batch(statements).',
  ],
  checks: [
    {
      name: 'A tenant\'s console.log reaches the Tail Worker',
      async run(ctx) {
        await clearRows(ctx, 'chatty');
        expectStatus(ctx, await ctx.send(get('https://chatty.example.com/')), 200, 'chatty.example.com');
        const value = await waitForEntry(ctx, 'chatty', 'log', 'order 42 received');
        if (!value?.includes('order 42 received'))
          ctx.fail(`Expected a row (script "chatty", kind "log") containing "chatty: order 42 received" after a request, but found ${JSON.stringify(value)}. Is platform-tail a tail consumer of the dispatcher, and does tail() write the logs?`);
      },
    },
    {
      name: 'A tenant\'s uncaught exception reaches the Tail Worker',
      async run(ctx) {
        await clearRows(ctx, 'crashy');
        expectStatus(ctx, await ctx.send(get('https://crashy.example.com/')), 502, 'crashy.example.com');
        const value = await waitForEntry(ctx, 'crashy', 'exception', 'inventory service down');
        if (!value?.includes('inventory service down'))
          ctx.fail(`Expected a row (script "crashy", kind "exception") containing "inventory service down" after a request, but found ${JSON.stringify(value)}.`);
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
