import { afterAll, expect, test } from 'vitest';
import { dispatchBinding, esm, testEngine } from '../../support/lab-engine';

// A Worker's call to api.cloudflare.com arrives while its run holds the sandbox queue: the change must
// apply without waiting for the queue (no deadlock), and the next run must serve it.
const engine = testEngine({
  cloudflareApi: async (sandbox, request) => {
    const name = new URL(request.url).pathname.split('/').pop()!;
    await sandbox.changeDuringRun((s) => s.putUserWorker('production', name, { metadata: { main_module: 'index.js' }, modules: [{ name: 'index.js', type: 'esm', content: `export default { fetch() { return new Response('new ${name}'); } };` }] }));
    return Response.json({ success: true });
  },
});
afterAll(() => engine.close());

test('a change made during a run applies at once and is served from the next run', async () => {
  const sandbox = await engine.create();
  await sandbox.createNamespace('production');
  const platform = `export default {
    async fetch(request, env) {
      const url = new URL(request.url);
      if (url.hostname === 'deploy.example.com') return fetch('https://api.cloudflare.com/client/v4/scripts/' + url.pathname.slice(1), { method: 'PUT' });
      try {
        return await env.DISPATCHER.get(url.hostname.split('.')[0]).fetch(request);
      } catch (e) {
        return new Response(e.message, { status: 404 });
      }
    },
  };`;
  await sandbox.uploadAccountWorker('platform', esm(platform, [dispatchBinding()]));
  const deploy = await sandbox.send({ url: 'https://deploy.example.com/fresh' });
  expect(deploy.status, JSON.stringify(deploy.error)).toBe(200);
  expect(sandbox.state.getUserWorker('production', 'fresh').name).toBe('fresh');
  expect(await sandbox.send({ url: 'https://fresh.example.com/' })).toMatchObject({ status: 200, body: 'new fresh' });
});
