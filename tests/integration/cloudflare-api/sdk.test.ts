import Cloudflare, { toFile } from 'cloudflare';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { DISPATCHER_CODE, sendThroughDispatcher, serverWithSandbox, type SandboxInfo } from '../../support/cloudflare-api';

// Cloudflare's official TypeScript SDK, pointed at the sandbox with baseURL and nothing else changed.
let server: CourseServer;
let sb: SandboxInfo;
let client: Cloudflare;
beforeAll(async () => {
  ({ server, sandbox: sb } = await serverWithSandbox());
  client = new Cloudflare({ apiToken: sb.token, baseURL: sb.apiBase, maxRetries: 0 });
});
afterAll(() => server?.stop());

const namespaces = () => client.workersForPlatforms.dispatch.namespaces;

test('namespaces: create, list, get, delete', async () => {
  const created = await namespaces().create({ account_id: sb.accountId, name: 'production' });
  expect(created).toMatchObject({ namespace_name: 'production', script_count: 0 });
  await namespaces().create({ account_id: sb.accountId, name: 'scratch' });
  const listed = [];
  for await (const ns of namespaces().list({ account_id: sb.accountId })) listed.push(ns.namespace_name);
  expect(listed).toEqual(['production', 'scratch']);
  expect(await namespaces().get('scratch', { account_id: sb.accountId })).toMatchObject({ namespace_name: 'scratch' });
  await namespaces().delete('scratch', { account_id: sb.accountId });
  const missing = await namespaces().get('scratch', { account_id: sb.accountId }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(Cloudflare.NotFoundError);
  expect((missing as InstanceType<typeof Cloudflare.APIError>).errors[0]).toMatchObject({ code: 10090 });
});

test('scripts: upload with files + metadata, get, list by tag, tags, bindings, delete; served by the dispatcher', async () => {
  const scripts = namespaces().scripts;
  const params = { account_id: sb.accountId, dispatch_namespace: 'production' };
  const metadata = {
    main_module: 'customer-sdk.mjs',
    compatibility_date: '2026-07-01',
    tags: ['customer-sdk', 'pro'],
    bindings: [{ type: 'plain_text' as const, name: 'PLAN', text: 'pro' }],
  };
  const code = `export default { fetch(req, env) { return new Response('sdk says ' + env.PLAN); } };`;
  const module = () => toFile(Buffer.from(code), 'customer-sdk.mjs', { type: 'application/javascript+module' });

  // SDK 7.x as documented: it sends multipart under "Content-Type: application/javascript" with the metadata
  // as bracketed fields (cloudflare-typescript #2799), which the platform rejects; so does the lab, saying why.
  const broken = await scripts.update('customer-sdk', { ...params, metadata, files: [await module()] }).catch((e: unknown) => e);
  expect(broken).toBeInstanceOf(Cloudflare.BadRequestError);
  expect((broken as InstanceType<typeof Cloudflare.APIError>).errors[0]).toMatchObject({ code: 10021, message: expect.stringContaining('#2799') });

  // The same call with the metadata as a JSON file and the SDK's content type removed: valid on the platform and in the lab.
  const uploaded = await scripts.update(
    'customer-sdk',
    { ...params, metadata: (await toFile(Buffer.from(JSON.stringify(metadata)), 'metadata.json', { type: 'application/json' })) as never, files: [await module()] },
    { headers: { 'content-type': null } },
  );
  expect(uploaded).toMatchObject({ id: 'customer-sdk', tags: ['customer-sdk', 'pro'] });

  const got = await scripts.get('customer-sdk', params);
  expect(got).toMatchObject({ dispatch_namespace: 'production', script: { id: 'customer-sdk' } });

  const byTag = (await client.get(`/accounts/${sb.accountId}/workers/dispatch/namespaces/production/scripts`, { query: { tags: 'pro:yes' } })) as {
    result: Array<{ id: string }>;
  };
  expect(byTag.result.map((s) => s.id)).toEqual(['customer-sdk']);

  const tags = [];
  for await (const tag of scripts.tags.update('customer-sdk', { ...params, body: ['customer-sdk', 'enterprise'] })) tags.push(tag);
  expect(tags).toEqual(['customer-sdk', 'enterprise']);
  await scripts.tags.delete('enterprise', { ...params, script_name: 'customer-sdk' });
  const listed = [];
  for await (const tag of scripts.tags.list('customer-sdk', params)) listed.push(tag);
  expect(listed).toEqual(['customer-sdk']);

  const bindings = [];
  for await (const b of scripts.bindings.get('customer-sdk', params)) bindings.push(b);
  expect(bindings).toEqual([{ type: 'plain_text', name: 'PLAN', text: 'pro' }]);
  expect(await scripts.settings.get('customer-sdk', params)).toMatchObject({ compatibility_date: '2026-07-01' });

  // The dispatch Worker, uploaded with the SDK too (account-level script).
  const dispatcherMeta = { main_module: 'dispatcher.mjs', compatibility_date: '2026-07-01', bindings: [{ type: 'dispatch_namespace', name: 'DISPATCHER', namespace: 'production' }] };
  await client.workers.scripts.update(
    'dispatcher',
    {
      account_id: sb.accountId,
      metadata: (await toFile(Buffer.from(JSON.stringify(dispatcherMeta)), 'metadata.json', { type: 'application/json' })) as never,
      files: [await toFile(Buffer.from(DISPATCHER_CODE), 'dispatcher.mjs', { type: 'application/javascript+module' })],
    },
    { headers: { 'content-type': null } },
  );
  expect(await sendThroughDispatcher(server, sb, 'https://customer-sdk.example.com/')).toMatchObject({ status: 200, body: 'sdk says pro' });

  await scripts.delete('customer-sdk', params);
  const gone = await scripts.get('customer-sdk', params).catch((e: unknown) => e);
  expect(gone).toBeInstanceOf(Cloudflare.NotFoundError);
  expect(await sendThroughDispatcher(server, sb, 'https://customer-sdk.example.com/')).toMatchObject({ status: 404 });
});

test('the SDK sees a bad token as an authentication error', async () => {
  const bad = new Cloudflare({ apiToken: 'wrong', baseURL: sb.apiBase, maxRetries: 0 });
  const error = await bad.workersForPlatforms.dispatch.namespaces.get('production', { account_id: sb.accountId }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Cloudflare.AuthenticationError);
  expect((error as InstanceType<typeof Cloudflare.APIError>).errors[0]).toMatchObject({ code: 10000 });
});
