/**
 * Miniflare installs SIGINT/SIGTERM listeners (its exit hook) that dispose its runtimes and call
 * process.exit at once, so a server's own graceful stop (drain, remove sandbox directories) never runs.
 * After this, those listeners are removed as soon as Miniflare adds them: our shutdown disposes every
 * runtime itself, and Miniflare's `exit` listener still cleans up if the process exits another way.
 */
let installed = false;

export function keepSignalsForUs() {
  if (installed) return;
  installed = true;
  const theirs = new Set(['onSignalInt', 'onSignalTerm']);
  const strip = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      for (const listener of process.listeners(signal)) if (theirs.has(listener.name)) process.removeListener(signal, listener);
  };
  process.on('newListener', (event) => {
    if (event === 'SIGINT' || event === 'SIGTERM') queueMicrotask(strip);
  });
  strip();
}
