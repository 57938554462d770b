// Starts the built server (dist/) on http://localhost:4321 unless HOST/PORT say otherwise.
// Binds to loopback by default: the lab server runs learners' code and should not face a network unasked.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/server/entry.mjs', import.meta.url));
if (!existsSync(entry)) {
  console.error('No build found in dist/. Run `npm run build` (or `npm start`, which builds first).');
  process.exit(1);
}
await import('./isolation-wiring.mjs');
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '4321';
await import(entry);
