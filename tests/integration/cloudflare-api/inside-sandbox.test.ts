import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { sendThroughDispatcher, serverWithSandbox, workerForm, type SandboxInfo } from '../../support/cloudflare-api';

// Platform backend code written for production: it uploads customers' scripts by calling
// https://api.cloudflare.com with its account id and API token, and dispatches to them by subdomain.
const PLATFORM_CODE = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const base = 'https://api.cloudflare.com/client/v4/accounts/' + env.ACCOUNT_ID + '/workers/dispatch/namespaces/production';
    if (url.hostname === 'platform.example.com' && url.pathname.startsWith('/deploy/')) {
      const name = url.pathname.slice('/deploy/'.length);
      const form = new FormData();
      form.append('metadata', new File([JSON.stringify({ main_module: name + '.mjs', tags: ['customer:' + name] })], 'metadata.json', { type: 'application/json' }));
      form.append('script', new File(['export default { fetch() { return new Response("deployed by the platform: ${'${name}'}"); } };'.replace('\${name}', name)], name + '.mjs', { type: 'application/javascript+module' }));
      const headers = url.searchParams.has('no-token') ? {} : { Authorization: 'Bearer ' + env.CLOUDFLARE_API_TOKEN };
      const res = await fetch(base + '/scripts/' + name, { method: 'PUT', headers, body: form });
      return new Response(await res.text(), { status: res.status });
    }
    if (url.hostname === 'platform.example.com' && url.pathname === '/scripts') {
      const res = await fetch(base + '/scripts?tags=customer:' + url.searchParams.get('customer') + ':yes', { headers: { Authorization: 'Bearer ' + env.CLOUDFLARE_API_TOKEN } });
      return new Response(await res.text(), { status: res.status });
    }
    try {
      return await env.DISPATCHER.get(url.hostname.split('.')[0]).fetch(request);
    } catch (e) {
      return new Response(e.message, { status: e.message.startsWith('Worker not found') ? 404 : 500 });
    }
  },
};`;

let server: CourseServer;
let sb: SandboxInfo;
beforeAll(async () => {
  ({ server, sandbox: sb } = await serverWithSandbox());
  const api = (path: string, init: RequestInit) => fetch(`${sb.apiBase}/accounts/${sb.accountId}${path}`, { ...init, headers: { authorization: `Bearer ${sb.token}` } });
  expect((await api('/workers/dispatch/namespaces', { method: 'POST', body: JSON.stringify({ name: 'production' }) })).status).toBe(200);
  const upload = await api('/workers/scripts/platform', {
    method: 'PUT',
    body: workerForm(
      {
        main_module: 'platform.mjs',
        compatibility_date: '2026-07-01',
        bindings: [
          { type: 'dispatch_namespace', name: 'DISPATCHER', namespace: 'production' },
          { type: 'plain_text', name: 'ACCOUNT_ID', text: sb.accountId },
          { type: 'secret_text', name: 'CLOUDFLARE_API_TOKEN', text: sb.token },
        ],
      },
      { 'platform.mjs': PLATFORM_CODE },
    ),
  });
  expect(upload.status, await upload.clone().text()).toBe(200);
});
afterAll(() => server?.stop());

test('a Worker uploads a customer script through api.cloudflare.com; the dispatcher then routes to it', async () => {
  const deploy = await sendThroughDispatcher(server, sb, 'https://platform.example.com/deploy/acme');
  expect(deploy.status, JSON.stringify(deploy)).toBe(200);
  expect(JSON.parse(deploy.body)).toMatchObject({ success: true, result: { id: 'acme', tags: ['customer:acme'] } });

  expect(await sendThroughDispatcher(server, sb, 'https://acme.example.com/')).toMatchObject({ status: 200, body: 'deployed by the platform: acme' });

  const listed = await sendThroughDispatcher(server, sb, 'https://platform.example.com/scripts?customer=acme');
  expect(JSON.parse(listed.body).result.map((s: { id: string }) => s.id)).toEqual(['acme']);

  // The same script, seen from the learner's side of the API.
  const fromOutside = await fetch(`${sb.apiBase}/accounts/${sb.accountId}/workers/dispatch/namespaces/production/scripts/acme`, { headers: { authorization: `Bearer ${sb.token}` } });
  expect(fromOutside.status).toBe(200);
});

test('without the token, api.cloudflare.com answers 403 with code 10000', async () => {
  const denied = await sendThroughDispatcher(server, sb, 'https://platform.example.com/deploy/other?no-token');
  expect(denied.status).toBe(403);
  expect(JSON.parse(denied.body)).toMatchObject({ success: false, errors: [{ code: 10000 }] });
  expect((await sendThroughDispatcher(server, sb, 'https://other.example.com/')).status).toBe(404);
});
