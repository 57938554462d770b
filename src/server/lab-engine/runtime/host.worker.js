// Runs inside workerd as the sandbox's one generic host Worker. Its Miniflare config never changes with
// the account: the engine pushes the account (every lab Worker's modules and bindings) as data, and lab
// Workers are loaded through the Worker Loader under ids that hash their code and config, so an edit is
// a new id (milliseconds), not a workerd restart. The engine talks to it with `x-wfp-lab-op` requests.
import { host, invoke, loaded } from './host-state.js';
import { probe } from './host-probe.js';
import { deliverTails } from './host-tails.js';
import { storage } from './host-storage.js';

export { Telemetry, Namespace, Service, Egress, KvProxy, D1Proxy, CacheProxy } from './host-entrypoints.js';
export { RateLimitProxy } from './host-ratelimit.js';

const LAB_HEADERS = ['x-wfp-lab-op', 'x-wfp-lab-run', 'x-wfp-lab-target', 'x-wfp-lab-version', 'x-wfp-lab-secret', 'x-wfp-lab-origin'];

const encoder = new TextEncoder();
/**
 * The control channel's key: made by the engine for each workerd start and bound to this Worker only (lab Workers
 * are loaded with their own env and never see it). Compared as SHA-256 digests in constant time.
 */
async function authorised(request, env) {
  const sent = request.headers.get('x-wfp-lab-secret');
  if (!sent || typeof env.LAB_HOST_SECRET !== 'string' || env.LAB_HOST_SECRET.length < 32) return false;
  const [a, b] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(sent)), crypto.subtle.digest('SHA-256', encoder.encode(env.LAB_HOST_SECRET))]);
  return crypto.subtle.timingSafeEqual(a, b);
}

async function run(request, env, ctx) {
  const version = Number(request.headers.get('x-wfp-lab-version'));
  if (!host.account || host.account.version !== version) return new Response('stale account', { status: 409, headers: { 'x-wfp-lab-stale': '1' } });
  const target = request.headers.get('x-wfp-lab-target');
  const spec = host.account.workers[host.account.accounts[target]];
  if (!spec) return new Response(`No account Worker named ${target}.`, { status: 404, headers: { 'x-wfp-lab-stale': '1' } });
  host.run = { id: request.headers.get('x-wfp-lab-run'), root: spec, records: [], pending: 0, lines: new Map(), invocations: [], lingering: new Map(), settled: null };
  const headers = new Headers(request.headers);
  const origin = request.headers.get('x-wfp-lab-origin');
  for (const h of LAB_HEADERS) headers.delete(h);
  if (origin !== null) headers.set('origin', origin);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // The dispatcher keeps `cf` (custom hostname metadata arrives there); user Workers never get it.
  const forwarded = new Request(request.url, { method: request.method, headers, body: hasBody ? request.body : undefined, redirect: 'manual', cf: request.cf });
  try {
    const worker = await loaded(env, ctx, spec);
    return await invoke(spec, { url: request.url, method: request.method, parent: null }, () => worker.getEntrypoint().fetch(forwarded));
  } catch (error) {
    const text = String(error?.message ?? error);
    // A Worker that cannot start (upload checks make this rare): a startup result, not a response.
    if (text.includes('Failed to start Worker')) return new Response(text, { status: 500, headers: { 'x-wfp-lab-startup': '1' } });
    // Like the platform: an uncaught exception in the dispatcher is a 500 for the client.
    return new Response(`Worker threw exception: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { status: 500 });
  }
}

/** Hands the engine everything the run recorded, once its invocations settled (bounded) and tails ran. */
async function records(request, env, ctx) {
  const id = request.headers.get('x-wfp-lab-run');
  const current = host.run;
  if (!current || current.id !== id) return Response.json({ records: [] });
  if (current.pending > 0) await Promise.race([new Promise((r) => (current.settled = r)), scheduler.wait(1000)]);
  await Promise.race([deliverTails(env, ctx, current).catch(() => {}), scheduler.wait(1000)]);
  host.run = null;
  return Response.json({ records: current.records });
}

export default {
  async fetch(request, env, ctx) {
    if (!(await authorised(request, env))) return new Response('forbidden', { status: 403 });
    switch (request.headers.get('x-wfp-lab-op')) {
      case 'config':
        host.account = await request.json();
        return new Response('ok');
      case 'run':
        return run(request, env, ctx);
      case 'records':
        return records(request, env, ctx);
      case 'kv':
      case 'd1':
        return storage(request, env);
      case 'probe':
        return probe(request, env, ctx);
      default:
        return new Response('not found', { status: 404 });
    }
  },
};
