// acme's pricing plug-in. Its default export is a WorkerEntrypoint, so the platform can call its methods.
import { WorkerEntrypoint } from 'cloudflare:workers';

export default class extends WorkerEntrypoint {
  async quote(items) {
    return { currency: 'EUR', total: items * 5 };
  }
  async fetch() {
    return new Response('acme has no web pages: call quote(items) over RPC', { status: 404 });
  }
}
