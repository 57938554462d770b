// The platform's Tail Worker. As a tail consumer of the dispatcher, tail(events) receives the trace events of
// the dispatcher and of every user Worker it dispatched to: scriptName, outcome, logs, exceptions.
const text = (message) => (Array.isArray(message) ? message.map(String).join(' ') : String(message));

async function append(kv, key, lines) {
  if (lines.length === 0) return;
  const before = (await kv.get(key)) ?? '';
  await kv.put(key, before + lines.map((l) => `${l}\n`).join(''));
}

export default {
  async tail(events, env) {
    for (const event of events) {
      const script = event.scriptName ?? 'unknown';
      await append(env.TAIL_LOG, `logs:${script}`, (event.logs ?? []).map((l) => `${l.level}: ${text(l.message)}`));
      await append(env.TAIL_LOG, `exceptions:${script}`, (event.exceptions ?? []).map((e) => `${e.name}: ${e.message}`));
    }
  },
};
