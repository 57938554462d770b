import { afterAll, expect, test } from 'vitest';
import { dispatchBinding, esm, SUBDOMAIN_DISPATCHER, testEngine } from '../../support/lab-engine';

// A learner's request with an Origin header reaches the dispatcher with that Origin (CSRF labs need it),
// whatever host it names; Miniflare's own entry would refuse it otherwise.
const engine = testEngine();
afterAll(() => engine.close());

test('the Origin header of a run reaches the dispatcher and the user Worker unchanged', async () => {
  const sandbox = await engine.create();
  await sandbox.createNamespace('production');
  await sandbox.uploadAccountWorker('dispatcher', esm(SUBDOMAIN_DISPATCHER, [dispatchBinding()]));
  await sandbox.uploadUserWorker('production', 'echo', esm(`export default { fetch(r) { return Response.json({ origin: r.headers.get('origin'), smuggled: r.headers.get('x-wfp-lab-origin') }); } }`));
  for (const origin of ['https://app.platform.example', 'https://mallory.platform.example', 'null']) {
    const res = await sandbox.send({ method: 'POST', url: 'https://echo.example.com/', headers: { origin }, body: 'x' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ origin, smuggled: null });
  }
  const none = await sandbox.send({ url: 'https://echo.example.com/', headers: { 'x-wfp-lab-origin': 'https://forged.example' } });
  expect(JSON.parse(none.body)).toEqual({ origin: null, smuggled: null });
});
