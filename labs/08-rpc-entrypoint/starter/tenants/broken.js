// A plug-in with a bug: quote() throws. Its message must not reach the platform's clients.
import { WorkerEntrypoint } from 'cloudflare:workers';

export default class extends WorkerEntrypoint {
  async quote() {
    throw new Error('price table missing (internal path /srv/broken/prices.csv)');
  }
}
