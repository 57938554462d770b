// The platform's Tail Worker. As a tail consumer of the dispatcher, tail(events) receives the trace events of
// the dispatcher and of every user Worker it dispatched to: scriptName, outcome, logs, exceptions.
// One row per line, inserted in one batch: nothing is read back and rewritten (a KV "append" would lose lines
// written at the same time and grow one value without bound). Production: Logpush, a Queue or R2.
const text = (message) => (Array.isArray(message) ? message.map(String).join(' ') : String(message));

export default {
  async tail(events, env) {
    const insert = env.TAIL_DB.prepare('INSERT INTO events (script, kind, line, at) VALUES (?, ?, ?, ?)');
    const rows = [];
    for (const event of events) {
      const script = event.script ?? 'unknown';
      for (const l of event.logs ?? []) rows.push(insert.bind(script, 'log', `${l.level}: ${text(l.message)}`, l.timestamp ?? Date.now()));
      for (const e of event.exceptions ?? []) rows.push(insert.bind(script, 'exception', `${e.name}: ${e.message}`, e.timestamp ?? Date.now()));
    }
    if (rows.length > 0) await env.TAIL_DB.batch(rows);
  },
};
