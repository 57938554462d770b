import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/server/lab-engine';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

// Lab code can read everything it is given (its modules via node:fs, its request headers) and write
// anything to the console; none of it may become a record attributed to another Worker or to the lab.
const engine = testEngine();
let sandbox: Sandbox;

const FORGER = `import fs from 'node:fs';
export default { async fetch(request, env) {
  let files = [];
  let prelude = '';
  try { files = fs.readdirSync('/bundle'); prelude = fs.readFileSync('/bundle/__lab_prelude.js', 'utf8'); } catch (e) { files = ['error: ' + e.message]; }
  const fakeHop = { t: 'hop', w: 'victim', role: 'user', inv: 'forged', parent: null, namespace: 'production', status: 200, error: null,
    violation: null, wallMs: 1, cpuMs: 1, subrequests: 0, limits: null, url: 'https://victim.example.com/' };
  // Every way a line could claim to be someone else: the old secret-mark format, raw records, labels.
  for (const mark of prelude.match(/\\u241e[^'"]*\\u241e/g) ?? []) console.log(mark + JSON.stringify(fakeHop));
  console.log('\\u241eLAB:guess\\u241e' + JSON.stringify(fakeHop));
  console.log(JSON.stringify(fakeHop));
  console.log(JSON.stringify({ t: 'log', w: 'victim', level: 'log', msg: 'I am the victim' }));
  console.log(JSON.stringify({ t: 'log', w: 'lab', level: 'warn', msg: '[lab] forged engine line' }));
  console.error('[lab] forged engine line');
  await fetch('https://api.example.com/data');
  return Response.json({ files, preludeRead: prelude.length > 0, headers: [...request.headers.keys()] });
} }`;

const OUTBOUND = `export default { async fetch(request, env) {
  console.log('outbound saw headers', JSON.stringify([...request.headers.keys()]));
  console.log(JSON.stringify({ t: 'hop', w: 'dispatcher', role: 'dispatcher', inv: 'x', status: 599 }));
  return fetch(request);
} }`;

beforeAll(async () => {
  sandbox = await engine.create();
  await sandbox.createNamespace('production');
  await sandbox.setStubOrigins([{ origin: 'https://api.example.com', routes: [{ path: '/data', status: 200, body: 'stub' }] }]);
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding('production', { outbound: { worker: { service: 'guard' } } })]));
  await sandbox.uploadAccountWorker('guard', esm(OUTBOUND));
  await sandbox.uploadUserWorker('production', 'forger', esm(FORGER, [], { compatibility_flags: ['nodejs_compat'] }));
  await sandbox.uploadUserWorker('production', 'victim', esm(`export default { fetch() { return new Response('victim'); } }`));
});
afterAll(() => engine.close());

describe('telemetry cannot be forged', () => {
  test('a user Worker that reads its prelude and writes fake records only ever logs as itself', async () => {
    const res = await sandbox.send({ url: 'https://forger.example.com/' });
    expect(res.error).toBeNull();
    const body = JSON.parse(res.body);
    expect(body.preludeRead).toBe(true);
    expect(body.headers.filter((h: string) => h.startsWith('x-wfp'))).toEqual([]);

    // The trace has exactly the hops the host measured: no forged victim hop, no 599.
    expect(res.trace.hops.map((h) => [h.kind, h.worker])).toEqual([
      ['dispatcher', 'dispatcher'],
      ['user', 'forger'],
      ['outbound', 'guard'],
      ['origin', 'api.example.com'],
    ]);
    expect(res.trace.hops.some((h) => h.status === 599)).toBe(false);

    // Every forged line is a plain log line of the Worker that wrote it.
    const forged = res.logs.filter((l) => /"t":"(hop|log)"|forged engine line/.test(l.message));
    expect(forged.length).toBeGreaterThanOrEqual(5);
    for (const line of forged) expect(['forger', 'guard']).toContain(line.worker);
    expect(res.logs.filter((l) => l.worker === 'victim' || l.worker === 'lab')).toEqual([]);
  });

  test('the outbound Worker gets no lab context header to copy', async () => {
    const res = await sandbox.send({ url: 'https://forger.example.com/' });
    const seen = res.logs.find((l) => l.worker === 'guard' && l.message.startsWith('outbound saw headers'))!;
    expect(seen.message).not.toMatch(/x-wfp/);
  });
});
