import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CourseServer } from '../../support/course-server';
import { DISPATCHER_CODE, sendThroughDispatcher, serverWithSandbox, workerForm, type SandboxInfo } from '../../support/cloudflare-api';

// The lessons' curl commands, as raw HTTP against the built server.
let server: CourseServer;
let sb: SandboxInfo;
beforeAll(async () => ({ server, sandbox: sb } = await serverWithSandbox()));
afterAll(() => server?.stop());

const api = (path: string, init: RequestInit = {}, token = sb.token) =>
  fetch(`${sb.apiBase}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
const acct = (path: string) => `/accounts/${sb.accountId}${path}`;
const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

async function expectError(response: Response, status: number, code: number, message?: RegExp) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toMatchObject({ success: false, result: null, messages: [] });
  expect(body.errors[0].code).toBe(code);
  if (message) expect(body.errors[0].message).toMatch(message);
}

const customer = (name: string) => `export default { fetch() { return new Response('hello from ${name}'); } };`;

describe('authentication and unsupported endpoints', () => {
  test('a missing or wrong token is 401 with code 10000, in the envelope', async () => {
    await expectError(await fetch(`${sb.apiBase}${acct('/workers/dispatch/namespaces')}`), 401, 10000, /Authentication error/);
    await expectError(await api(acct('/workers/dispatch/namespaces'), {}, 'not-the-token'), 401, 10000);
  });

  test('another account id is 403; an unsupported endpoint is a 501 naming it', async () => {
    await expectError(await api('/accounts/0123456789abcdef0123456789abcdef/workers/dispatch/namespaces'), 403, 10000);
    await expectError(await api(acct('/workers/scripts/x/routes')), 501, 7000, /does not support GET \/accounts\/[0-9a-f]+\/workers\/scripts\/x\/routes/);
    await expectError(await api('/zones'), 501, 7000, /GET \/zones/);
    await expectError(await api(acct('/workers/dispatch/namespaces'), { method: 'PATCH' }), 405, 10405);
  });

  test('token verification answers like the platform', async () => {
    const body = await (await api('/user/tokens/verify')).json();
    expect(body).toMatchObject({ success: true, result: { status: 'active' } });
  });
});

describe('the upload lifecycle', () => {
  test('namespaces: create, list, get, rename, trusted mode, delete', async () => {
    const created = await (await api(acct('/workers/dispatch/namespaces'), { method: 'POST', ...json({ name: 'staging' }) })).json();
    expect(created).toMatchObject({ success: true, errors: [], result: { namespace_name: 'staging', script_count: 0, trusted_workers: false } });
    await expectError(await api(acct('/workers/dispatch/namespaces'), { method: 'POST', ...json({ name: 'staging' }) }), 409, 10026, /already exists/);
    await expectError(await api(acct('/workers/dispatch/namespaces'), { method: 'POST', ...json({ name: 'Staging' }) }), 400, 10016, /invalid_script_name/);
    const list = await (await api(acct('/workers/dispatch/namespaces'))).json();
    expect(list.result.map((n: { namespace_name: string }) => n.namespace_name)).toEqual(['staging']);
    expect(list.result_info).toMatchObject({ count: 1 });
    const renamed = await (await api(acct('/workers/dispatch/namespaces/staging'), { method: 'PUT', ...json({ name: 'preview', trusted_workers: true }) })).json();
    expect(renamed.result).toMatchObject({ namespace_name: 'preview', trusted_workers: true, namespace_id: created.result.namespace_id });
    await expectError(await api(acct('/workers/dispatch/namespaces/staging')), 404, 10090);
    expect((await api(acct('/workers/dispatch/namespaces/preview'), { method: 'DELETE' })).status).toBe(200);
    await expectError(await api(acct('/workers/dispatch/namespaces/preview')), 404, 10090);
  });

  test('upload user Workers, filter by tags, read bindings/tags/content/settings, delete by tag', async () => {
    await api(acct('/workers/dispatch/namespaces'), { method: 'POST', ...json({ name: 'production' }) });
    const kv = (await (await api(acct('/storage/kv/namespaces'), { method: 'POST', ...json({ title: 'customer-a-data' }) })).json()).result;
    const put = await api(acct('/storage/kv/namespaces/' + kv.id + '/values/greeting'), { method: 'PUT', body: 'hi from KV' });
    expect(put.status).toBe(200);

    const uploadA = await api(acct('/workers/dispatch/namespaces/production/scripts/customer-a'), {
      method: 'PUT',
      body: workerForm(
        {
          main_module: 'customer-a.mjs',
          compatibility_date: '2026-07-01',
          tags: ['customer-a', 'free'],
          bindings: [
            { type: 'kv_namespace', name: 'DATA', namespace_id: kv.id },
            { type: 'secret_text', name: 'API_KEY', text: 's3cret' },
            { type: 'plain_text', name: 'PLAN', text: 'free' },
          ],
        },
        { 'customer-a.mjs': `export default { async fetch(req, env) { return new Response((await env.DATA.get('greeting')) + ' / ' + env.PLAN + ' / ' + env.API_KEY.length); } };` },
      ),
    });
    const a = await uploadA.json();
    expect(uploadA.status, JSON.stringify(a)).toBe(200);
    expect(a.result).toMatchObject({ id: 'customer-a', tags: ['customer-a', 'free'], handlers: ['fetch'] });

    for (const [name, tags] of [['customer-b', ['customer-b', 'pro']], ['customer-c', ['customer-c', 'free']]] as const) {
      const r = await api(acct(`/workers/dispatch/namespaces/production/scripts/${name}`), {
        method: 'PUT',
        body: workerForm({ main_module: 'index.js', tags }, { 'index.js': customer(name) }),
      });
      expect(r.status).toBe(200);
    }

    const names = async (query: string) =>
      (await (await api(acct(`/workers/dispatch/namespaces/production/scripts${query}`))).json()).result.map((s: { id: string }) => s.id).sort();
    expect(await names('')).toEqual(['customer-a', 'customer-b', 'customer-c']);
    expect(await names('?tags=free:yes')).toEqual(['customer-a', 'customer-c']);
    expect(await names('?tags=free:yes,customer-c:no')).toEqual(['customer-a']);
    expect(await names('?tags=free:no')).toEqual(['customer-b']);

    const got = await (await api(acct('/workers/dispatch/namespaces/production/scripts/customer-a'))).json();
    expect(got.result).toMatchObject({ dispatch_namespace: 'production', script: { id: 'customer-a' } });
    const bindings = (await (await api(acct('/workers/dispatch/namespaces/production/scripts/customer-a/bindings'))).json()).result;
    expect(bindings).toContainEqual({ type: 'secret_text', name: 'API_KEY' }); // secrets are write-only
    expect(bindings).toContainEqual({ type: 'plain_text', name: 'PLAN', text: 'free' });

    // Tags: replace, add one, remove one.
    const tagsPath = acct('/workers/dispatch/namespaces/production/scripts/customer-b/tags');
    expect((await (await api(tagsPath, { method: 'PUT', ...json(['customer-b', 'pro', 'eu']) })).json()).result).toEqual(['customer-b', 'pro', 'eu']);
    expect((await api(`${tagsPath}/beta`, { method: 'PUT' })).status).toBe(200);
    expect((await api(`${tagsPath}/eu`, { method: 'DELETE' })).status).toBe(200);
    expect((await (await api(tagsPath)).json()).result).toEqual(['customer-b', 'pro', 'beta']);
    await expectError(await api(tagsPath, { method: 'PUT', ...json(['1', '2', '3', '4', '5', '6', '7', '8', '9']) }), 400, 10021, /at most 8 tags/);

    // Content: read as multipart, replace the code only (bindings stay).
    const content = await api(acct('/workers/dispatch/namespaces/production/scripts/customer-c/content'));
    expect(content.headers.get('cf-entrypoint')).toBe('index.js');
    expect(await ((await content.formData()).get('index.js') as File).text()).toContain('hello from customer-c');
    const newContent = new FormData();
    newContent.append('metadata', JSON.stringify({ main_module: 'main.js' }));
    newContent.append('main.js', new Blob([customer('customer-c v2')], { type: 'application/javascript+module' }), 'main.js');
    expect((await api(acct('/workers/dispatch/namespaces/production/scripts/customer-c/content'), { method: 'PUT', body: newContent })).status).toBe(200);

    // Settings: read, then change a compatibility flag; unsupported fields are named.
    const settingsPath = acct('/workers/dispatch/namespaces/production/scripts/customer-a/settings');
    expect((await (await api(settingsPath)).json()).result).toMatchObject({ compatibility_date: '2026-07-01', tags: ['customer-a', 'free'] });
    const patch = new FormData();
    patch.append('settings', new Blob([JSON.stringify({ compatibility_flags: ['nodejs_compat'] })], { type: 'application/json' }));
    const patched = await (await api(settingsPath, { method: 'PATCH', body: patch })).json();
    expect(patched.result).toMatchObject({ compatibility_flags: ['nodejs_compat'], tags: ['customer-a', 'free'] });
    const badPatch = new FormData();
    badPatch.append('settings', JSON.stringify({ logpush: true }));
    await expectError(await api(settingsPath, { method: 'PATCH', body: badPatch }), 400, 10021, /not supported: logpush/);

    // The dispatch Worker routes to them.
    const dispatcher = await api(acct('/workers/scripts/dispatcher'), {
      method: 'PUT',
      body: workerForm({ main_module: 'dispatcher.mjs', compatibility_date: '2026-07-01', bindings: [{ type: 'dispatch_namespace', name: 'DISPATCHER', namespace: 'production' }] }, { 'dispatcher.mjs': DISPATCHER_CODE }),
    });
    expect(dispatcher.status).toBe(200);
    expect((await (await api(acct('/workers/scripts'))).json()).result.map((s: { id: string }) => s.id)).toEqual(['dispatcher']);
    let run = await sendThroughDispatcher(server, sb, 'https://customer-a.example.com/');
    expect(run).toMatchObject({ status: 200, body: 'hi from KV / free / 6' });
    run = await sendThroughDispatcher(server, sb, 'https://customer-c.example.com/');
    expect(run.body).toBe('hello from customer-c v2');

    // keep_bindings: a re-upload keeps only the listed binding types.
    const reupload = await api(acct('/workers/dispatch/namespaces/production/scripts/customer-a'), {
      method: 'PUT',
      body: workerForm(
        { main_module: 'index.js', keep_bindings: ['secret_text'] },
        { 'index.js': `export default { fetch(req, env) { return new Response(Object.keys(env).sort().join(',')); } };` },
      ),
    });
    expect(reupload.status).toBe(200);
    run = await sendThroughDispatcher(server, sb, 'https://customer-a.example.com/');
    expect(run.body).toBe('API_KEY');

    // Delete by tag, then one by name.
    expect((await api(acct('/workers/dispatch/namespaces/production/scripts?tags=free:yes'), { method: 'DELETE' })).status).toBe(200);
    expect(await names('')).toEqual(['customer-b']);
    run = await sendThroughDispatcher(server, sb, 'https://customer-c.example.com/');
    expect(run).toMatchObject({ status: 404, body: 'no such customer' });
    expect((await api(acct('/workers/dispatch/namespaces/production/scripts/customer-b'), { method: 'DELETE' })).status).toBe(200);
    await expectError(await api(acct('/workers/dispatch/namespaces/production/scripts/customer-b')), 404, 10092);
  });

  test('KV keys and D1 queries', async () => {
    const kv = (await (await api(acct('/storage/kv/namespaces'))).json()).result[0];
    expect((await api(acct(`/storage/kv/namespaces/${kv.id}/values/a%2Fb`), { method: 'PUT', body: 'slash' })).status).toBe(200);
    expect(await (await api(acct(`/storage/kv/namespaces/${kv.id}/values/a%2Fb`))).text()).toBe('slash');
    const keys = (await (await api(acct(`/storage/kv/namespaces/${kv.id}/keys`))).json()).result.map((k: { name: string }) => k.name);
    expect(keys).toEqual(['a/b', 'greeting']);
    await expectError(await api(acct(`/storage/kv/namespaces/${kv.id}/values/missing`)), 404, 10009);

    const db = (await (await api(acct('/d1/database'), { method: 'POST', ...json({ name: 'tenants' }) })).json()).result;
    expect(db).toMatchObject({ name: 'tenants', uuid: expect.any(String) });
    const q = (sql: string, params?: unknown[]) => api(acct(`/d1/database/${db.uuid}/query`), { method: 'POST', ...json({ sql, params }) });
    expect((await q('CREATE TABLE t (name TEXT)')).status).toBe(200);
    await q('INSERT INTO t VALUES (?)', ['acme']);
    const rows = await (await q('SELECT name FROM t WHERE name = ?', ['acme'])).json();
    expect(rows.result[0]).toMatchObject({ success: true, results: [{ name: 'acme' }] });
    await expectError(await q('SELEKT'), 400, 10021, /D1 query failed/);
  });
});

describe('bad uploads get a clear 400', () => {
  const put = (name: string, body: BodyInit, headers: Record<string, string> = {}) =>
    api(acct(`/workers/dispatch/namespaces/production/scripts/${name}`), { method: 'PUT', body, headers });
  const ok = { 'index.js': customer('x') };

  test('script names follow the platform rules (10016)', async () => {
    await expectError(await put('Customer_A', workerForm({ main_module: 'index.js' }, ok)), 400, 10016, /invalid_script_name/);
    await expectError(await put('-a', workerForm({ main_module: 'index.js' }, ok)), 400, 10016);
  });

  test('malformed multipart, missing or invalid metadata', async () => {
    await expectError(await put('x', 'not multipart', { 'content-type': 'text/plain' }), 400, 10021, /multipart\/form-data/);
    await expectError(await put('x', '--nope\r\ngarbage', { 'content-type': 'multipart/form-data; boundary=zzz' }), 400, 10021, /Malformed multipart/);
    const noMeta = new FormData();
    noMeta.append('index.js', new Blob([customer('x')], { type: 'application/javascript+module' }), 'index.js');
    await expectError(await put('x', noMeta), 400, 10021, /no "metadata" part/);
    const badJson = new FormData();
    badJson.append('metadata', new Blob(['{main_module:'], { type: 'application/json' }), 'metadata.json');
    await expectError(await put('x', badJson), 400, 10021, /not valid JSON/);
    await expectError(await put('x', workerForm({ main_module: 'main.js' }, ok)), 400, 10021, /main_module "main.js" is not one of the uploaded parts \(index.js\)/);
    await expectError(await put('x', workerForm({ main_module: 'index.js', compatibility_date: 'yesterday' }, ok)), 400, 10021, /compatibility_date/);
    await expectError(await put('x', workerForm({ main_module: 'index.js', bindings: [{ type: 'r2_bucket', name: 'B', bucket_name: 'b' }] }, ok)), 400, 10021, /"r2_bucket" is not supported/);
    await expectError(await put('x', workerForm({ main_module: 'index.js', tags: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] }, ok)), 400, 10021, /at most 8 tags/);
    await expectError(await put('x', workerForm({ main_module: 'index.js' }, ok, 'image/png')), 400, 10021, /content type "image\/png"/);
    const bracketed = new FormData();
    bracketed.append('metadata[main_module]', 'index.js');
    bracketed.append('files[]', new Blob([customer('x')], { type: 'application/javascript+module' }), 'index.js');
    await expectError(await put('x', bracketed), 400, 10021, /bracketed form fields/);
    await expectError(await put('x', workerForm({ main_module: 'index.js' }, { 'index.js': 'x'.repeat(7 * 1024 * 1024) })), 413, 10021, /too large/);
  });

  test('a user Worker cannot bind a sibling user Worker (10143)', async () => {
    expect((await put('sibling', workerForm({ main_module: 'index.js' }, ok))).status).toBe(200);
    await expectError(
      await put('x', workerForm({ main_module: 'index.js', bindings: [{ type: 'service', name: 'SIB', service: 'sibling' }] }, ok)),
      400,
      10143,
      /same dispatch namespace/,
    );
  });
});

describe("user Workers' secrets (wrangler secret has no --dispatch-namespace; platforms set them through the API)", () => {
  test('PUT a secret, list it, see it redacted in bindings, delete it; an unknown secret is 404', async () => {
    await api(acct('/workers/dispatch/namespaces'), { method: 'POST', ...json({ name: 'secrets-ns' }) });
    const base = acct('/workers/dispatch/namespaces/secrets-ns/scripts/shop');
    const code = `export default { fetch(request, env) { return new Response(env.SHOP_KEY ?? 'none'); } };`;
    expect((await api(base, { method: 'PUT', body: workerForm({ main_module: 'index.js', compatibility_date: '2026-07-01' }, { 'index.js': code }) })).status).toBe(200);
    const put = await (await api(`${base}/secrets`, { method: 'PUT', ...json({ name: 'SHOP_KEY', text: 's3cr3t', type: 'secret_text' }) })).json();
    expect(put).toMatchObject({ success: true, result: { name: 'SHOP_KEY', type: 'secret_text' } });
    expect((await (await api(`${base}/secrets`)).json()).result).toEqual([{ name: 'SHOP_KEY', type: 'secret_text' }]);
    expect((await (await api(`${base}/bindings`)).json()).result).toEqual([{ type: 'secret_text', name: 'SHOP_KEY' }]);
    expect((await api(`${base}/secrets/SHOP_KEY`, { method: 'DELETE' })).status).toBe(200);
    expect((await (await api(`${base}/secrets`)).json()).result).toEqual([]);
    await expectError(await api(`${base}/secrets/NOPE`, { method: 'DELETE' }), 404, 10056);
  });
});
