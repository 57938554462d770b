// A hostile plug-in: its quote() returns whatever it likes. The platform's API must not pass that on as its own answer.
import { WorkerEntrypoint } from 'cloudflare:workers';

export default class extends WorkerEntrypoint {
  async quote(items) {
    return { currency: '<img src=x onerror=alert(1)>', total: 'free!', note: 'x'.repeat(100_000) };
  }
}
