import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SendSpec } from './targets';

/** A platform to deploy on both sides (names local to the scenario) and the requests to compare. */
export interface ScriptSpec {
  name: string;
  /** Module files by name; the first is the main module. */
  modules: Record<string, string>;
  bindings?: Array<Record<string, unknown>>;
  compatibility_date?: string;
  compatibility_flags?: string[];
  tags?: string[];
}

export interface Scenario {
  id: string;
  namespace: string;
  dispatcher: ScriptSpec;
  accountWorkers: ScriptSpec[];
  userWorkers: ScriptSpec[];
  requests: SendSpec[];
  /** Why the scenario cannot be compared (it is listed, not run). */
  skip?: string;
}

const DISPATCH = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.hostname.split('.')[0];
    console.log('dispatch', name, url.pathname);
    try {
      if (url.pathname === '/rpc') return Response.json({ sum: await env.DISPATCHER.get(name).add(2, 3) });
      return await env.DISPATCHER.get(name).fetch(request);
    } catch (e) {
      console.log('caught', e.constructor.name, e.message.split(':')[0]);
      if (e.message.startsWith('Worker not found')) return new Response('no such customer', { status: 404 });
      return new Response('customer failed', { status: 502 });
    }
  },
};`;

/** The engine's semantic scenarios: what the platform does at the edges (see tests/integration/lab-engine/semantics.test.ts). */
export const semanticScenarios: Scenario[] = [
  {
    id: 'semantics',
    namespace: 'production',
    dispatcher: { name: 'dispatcher', modules: { 'dispatcher.js': DISPATCH }, bindings: [{ type: 'dispatch_namespace', name: 'DISPATCHER', namespace: 'production' }] },
    accountWorkers: [],
    userWorkers: [
      { name: 'echo', modules: { 'echo.js': `export default { fetch(request) { return Response.json({ method: request.method, path: new URL(request.url).pathname, cf: typeof request.cf }, { headers: { 'x-echo': '1' } }); } };` } },
      { name: 'thrower', modules: { 'thrower.js': `export default { fetch() { throw new TypeError('broken on purpose'); } };` } },
      { name: 'calc', modules: { 'calc.js': `import { WorkerEntrypoint } from 'cloudflare:workers';\nexport default class extends WorkerEntrypoint { add(a, b) { return a + b; } fetch() { return new Response('calc'); } }` } },
      { name: 'envcheck', modules: { 'envcheck.js': `export default { fetch(request, env) { return Response.json({ keys: Object.keys(env).sort(), caches: typeof caches }); } };` }, bindings: [{ type: 'plain_text', name: 'PLAN', text: 'free' }] },
    ],
    requests: [
      { method: 'GET', url: 'https://echo.example.com/hello?x=1' },
      { method: 'POST', url: 'https://echo.example.com/submit', body: 'payload', headers: { 'content-type': 'text/plain' } },
      { method: 'GET', url: 'https://nobody.example.com/' },
      { method: 'GET', url: 'https://thrower.example.com/' },
      { method: 'GET', url: 'https://calc.example.com/rpc' },
      { method: 'GET', url: 'https://envcheck.example.com/' },
    ],
  },
];

type LabModule = { default: { id: string; presets?: Array<{ url: string; method?: string; body?: string; headers?: Record<string, string> }>; resources?: { kv?: object; d1?: object }; stubs?: unknown[]; customHostnames?: unknown[]; terminal?: unknown } };

/** Each lab's solution as a scenario: starter files overlaid with the solution, requests from its presets. */
export async function labScenarios(labsDir: string, only?: string[]): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const dir of readdirSync(labsDir).sort()) {
    const base = join(labsDir, dir);
    if (!existsSync(join(base, 'lab.ts'))) continue;
    const lab = ((await import(join(base, 'lab.ts'))) as LabModule).default;
    if (only && !only.includes(lab.id)) continue;
    const read = (path: string) => (existsSync(join(base, 'solution', path)) ? readFileSync(join(base, 'solution', path), 'utf8') : existsSync(join(base, 'starter', path)) ? readFileSync(join(base, 'starter', path), 'utf8') : undefined);
    const configText = read('platform.json');
    const id = `lab-${lab.id}`;
    const skip = (reason: string) => out.push({ id, namespace: 'production', dispatcher: { name: 'x', modules: {} }, accountWorkers: [], userWorkers: [], requests: [], skip: reason });
    if (!configText) {
      skip('no platform.json (a terminal lab)');
      continue;
    }
    const config = JSON.parse(configText) as { namespace?: string; dispatcher: Entry; outbound?: Entry; accountWorkers?: Entry[]; userWorkers?: Array<Entry & { tags?: string[] }> };
    const needs = [
      Object.keys(lab.resources?.kv ?? {}).length ? 'seeded KV' : '',
      Object.keys(lab.resources?.d1 ?? {}).length ? 'seeded D1' : '',
      lab.stubs?.length ? 'stub origins (lab-only)' : '',
      lab.customHostnames?.length ? 'custom hostnames' : '',
    ].filter(Boolean);
    const all = [config.dispatcher, ...(config.outbound ? [config.outbound] : []), ...(config.accountWorkers ?? []), ...(config.userWorkers ?? [])];
    if (all.some((w) => w.main.endsWith('.ts'))) needs.push('TypeScript sources');
    if (all.some((w) => (w.bindings ?? []).some((b) => b.type === 'sandbox_api_token' || b.type === 'sandbox_account_id'))) needs.push('the account token as a binding');
    if (needs.length) {
      skip(`needs ${needs.join(', ')}`);
      continue;
    }
    const script = (w: Entry & { tags?: string[] }): ScriptSpec => ({
      name: w.name,
      modules: { [w.main.split('/').pop()!]: read(w.main) ?? '' },
      bindings: (w.bindings ?? []).map((b) => (b.type === 'dispatch_namespace' && b.outbound ? { ...b, outbound: { worker: { service: (b.outbound as { service: string }).service }, params: ((b.outbound as { parameters?: string[] }).parameters ?? []).map((name) => ({ name })) } } : b)),
      compatibility_date: w.compatibility_date ?? '2026-07-01',
      ...(w.compatibility_flags ? { compatibility_flags: w.compatibility_flags } : {}),
      ...(w.tags ? { tags: w.tags } : {}),
    });
    out.push({
      id,
      namespace: config.namespace ?? 'production',
      dispatcher: script(config.dispatcher),
      accountWorkers: [...(config.outbound ? [config.outbound] : []), ...(config.accountWorkers ?? [])].map(script),
      userWorkers: (config.userWorkers ?? []).map(script),
      requests: (lab.presets ?? []).map((p) => ({ method: p.method ?? 'GET', url: p.url, ...(p.body !== undefined ? { body: p.body } : {}), ...(p.headers ? { headers: p.headers } : {}) })),
    });
  }
  return out;
}

interface Entry {
  name: string;
  main: string;
  bindings?: Array<Record<string, unknown> & { type: string }>;
  compatibility_date?: string;
  compatibility_flags?: string[];
}
