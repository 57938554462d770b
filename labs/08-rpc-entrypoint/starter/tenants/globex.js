// globex's pricing plug-in: volume discount above 10 items.
import { WorkerEntrypoint } from 'cloudflare:workers';

export default class extends WorkerEntrypoint {
  async quote(items) {
    const unit = items > 10 ? 7 : 8;
    return { currency: 'USD', total: items * unit };
  }
  async fetch() {
    return new Response('globex has no web pages: call quote(items) over RPC', { status: 404 });
  }
}
