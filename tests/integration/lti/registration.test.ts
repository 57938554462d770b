import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, postLaunch, ToolBrowser } from '../../support/lti-browser';
import { counts, registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';

let world: LtiWorld;

beforeAll(async () => {
  world = await startLtiWorld(); // LTI_REGISTRATION unset: the default, approve.
});
afterAll(async () => {
  await world?.stop();
});

describe('LTI Dynamic Registration 1.0', () => {
  test('the tool registers itself with the platform and answers with the close message', async () => {
    const res = await registerDynamically(world);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("postMessage({ subject: 'org.imsglobal.lti.close' }, '*')");
    expect(html).toContain('data-lti-registered="pending"');
    const tool = world.server.url;
    const [reg] = world.sim.registrations;
    expect(reg).toMatchObject({
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: `${tool}/lti/login`,
      redirect_uris: [`${tool}/lti/launch`],
      jwks_uri: `${tool}/lti/jwks`,
      token_endpoint_auth_method: 'private_key_jwt',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: new URL(tool).host,
        target_link_uri: `${tool}/`,
        messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: `${tool}/lti/launch` }],
      },
    });
    const scopes = String(reg!.scope).split(' ');
    expect(scopes).toEqual(
      expect.arrayContaining([
        'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
        'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      ]),
    );
  });

  test('a wrong registration token is refused by the platform and reported', async () => {
    const q = new URLSearchParams({ openid_configuration: `${world.sim.url}/.well-known/openid-configuration`, registration_token: 'wrong' });
    const res = await fetch(`${world.server.url}/lti/register?${q}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('answered 401');
  });

  test('platform URLs must be https unless on loopback', async () => {
    const q = new URLSearchParams({ openid_configuration: 'http://lms.example.com/.well-known/openid-configuration', registration_token: 'x' });
    const res = await fetch(`${world.server.url}/lti/register?${q}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('must use https');
  });

  test('a pending registration cannot launch: a 403 page, nothing stored', async () => {
    const before = await counts(world);
    const browser = new ToolBrowser(world.server.url);
    const { res, html } = await launch(world.sim, browser, { hint: 'early', target: `${world.server.url}/quizzes/isolation/` });
    expect(res.status).toBe(403);
    expect(html).toContain('waiting for a site administrator of this course to approve it');
    expect(await counts(world)).toEqual(before);
  });

  test('an instructor approves it on the LMS page, then launches work', async () => {
    const page = await world.instructor.request('/instructor/lti/');
    const html = await page.text();
    expect(html).toContain(world.sim.issuer);
    const id = /name="platform" value="(\d+)"/.exec(html)![1]!;
    const approve = await world.instructor.request('/api/lti/platforms', { form: { action: 'approve', platform: id } });
    expect(approve.status).toBe(303);
    const browser = new ToolBrowser(world.server.url);
    const { res } = await launch(world.sim, browser, { hint: 'after', target: `${world.server.url}/quizzes/isolation/` });
    expect(res.status).toBe(200);
  });

  test('learners cannot approve platforms or see the LMS page', async () => {
    const browser = new ToolBrowser(world.server.url);
    await launch(world.sim, browser, { hint: 'learner-x', target: `${world.server.url}/quizzes/isolation/` });
    await browser.refreshCsrf();
    const res = await browser.fetch('/api/lti/platforms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'approve', platform: 1 }) });
    expect(res.status).toBe(403);
    expect((await browser.fetch('/instructor/lti/')).status).toBe(403);
  });
});

describe('LTI_REGISTRATION=off', () => {
  test('dynamic registration is refused with a page saying so', async () => {
    const off = await startLtiWorld({ LTI_REGISTRATION: 'off' });
    try {
      const res = await registerDynamically(off);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('LTI_REGISTRATION=off');
      expect(off.sim.registrations).toHaveLength(0);
    } finally {
      await off.stop();
    }
  });
});

describe('over https (COURSE_SECURE_COOKIES=1)', () => {
  test('the cookies an LMS frame needs are SameSite=None; Secure, and Partitioned inside a frame', async () => {
    const secure = await startLtiWorld({ LTI_REGISTRATION: 'open', COURSE_SECURE_COOKIES: '1' });
    try {
      expect((await registerDynamically(secure)).status).toBe(200);
      const browser = new ToolBrowser(secure.server.url);
      const params = new URLSearchParams({ iss: secure.sim.issuer, login_hint: 'sam', target_link_uri: `${secure.server.url}/quizzes/isolation/`, client_id: secure.sim.clientId });
      const frame = { 'sec-fetch-dest': 'iframe' };
      const login = await browser.fetch(`/lti/login?${params}`, { headers: frame });
      const binding = login.headers.getSetCookie().find((c) => c.startsWith('lti_b_'))!;
      expect(binding).toMatch(/HttpOnly; SameSite=None; Secure; Partitioned/);
      await fetch(login.headers.get('location')!);
      const res = await postLaunch(secure.sim, browser, secure.sim.lastForm!.fields, frame);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().find((c) => c.startsWith('course_session='))).toMatch(/HttpOnly; SameSite=None; Secure; Partitioned/);
      // Top-level (the LMS opens the tool in a window): not partitioned, so it is the site's one session cookie.
      const top = await launch(secure.sim, new ToolBrowser(secure.server.url), { hint: 'tom', target: `${secure.server.url}/quizzes/isolation/` });
      const session = top.res.headers.getSetCookie().find((c) => c.startsWith('course_session='))!;
      expect(session).toMatch(/SameSite=None; Secure/);
      expect(session).not.toMatch(/Partitioned/);
    } finally {
      await secure.stop();
    }
  });
});

describe('our JWKS', () => {
  test('publishes public keys only, and a rotation keeps the old key published', async () => {
    const first = (await (await fetch(`${world.server.url}/lti/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(first.keys.length).toBeGreaterThanOrEqual(1);
    for (const k of first.keys) {
      expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(k).not.toHaveProperty('d');
      expect(k).not.toHaveProperty('p');
    }
    const rotated = await world.instructor.request('/api/lti/platforms', { json: { action: 'rotate-key' } });
    expect(rotated.status).toBe(200);
    const { kid } = (await rotated.json()) as { kid: string };
    const after = (await (await fetch(`${world.server.url}/lti/jwks`)).json()) as { keys: { kid: string }[] };
    expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([...first.keys.map((k) => k.kid as string), kid]));
  });
});

describe('manual registration', () => {
  test('an instructor registers a platform by hand with the same fields; http off loopback is refused', async () => {
    const fields = {
      action: 'manual',
      name: 'Moodle',
      issuer: 'https://moodle.example.edu',
      clientId: 'abc123',
      deploymentId: '1',
      authorizationEndpoint: 'https://moodle.example.edu/mod/lti/auth.php',
      tokenEndpoint: 'https://moodle.example.edu/mod/lti/token.php',
      jwksUri: 'https://moodle.example.edu/mod/lti/certs.php',
    };
    const ok = await world.instructor.request('/api/lti/platforms', { json: fields });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ platform: { issuer: 'https://moodle.example.edu', clientId: 'abc123', status: 'approved', deployments: ['1'] } });
    const bad = await world.instructor.request('/api/lti/platforms', { json: { ...fields, issuer: 'http://moodle.example.edu' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('must use https');
  });
});

describe('behind a proxy (SITE_ORIGIN)', () => {
  test('the URLs given to the LMS (login, launch, JWKS, target) are the public https origin, and its cookies are Secure', async () => {
    const proxied = await startLtiWorld({ LTI_REGISTRATION: 'open', SITE_ORIGIN: 'https://course.example.com' });
    try {
      // The registration request reaches the Node port straight from loopback; the public origin is still the named one.
      expect((await registerDynamically(proxied)).status).toBe(200);
      const reg = proxied.sim.registrations.at(-1)!;
      expect(reg).toMatchObject({
        initiate_login_uri: 'https://course.example.com/lti/login',
        redirect_uris: ['https://course.example.com/lti/launch'],
        jwks_uri: 'https://course.example.com/lti/jwks',
        'https://purl.imsglobal.org/spec/lti-tool-configuration': { domain: 'course.example.com', target_link_uri: 'https://course.example.com/' },
      });
      const browser = new ToolBrowser(proxied.server.url);
      const params = new URLSearchParams({ iss: proxied.sim.issuer, login_hint: 'sam', target_link_uri: 'https://course.example.com/quizzes/isolation/', client_id: proxied.sim.clientId });
      const login = await browser.fetch(`/lti/login?${params}`);
      expect(login.status).toBe(302);
      expect(new URL(login.headers.get('location')!).searchParams.get('redirect_uri')).toBe('https://course.example.com/lti/launch');
      expect(login.headers.getSetCookie().find((c) => c.startsWith('lti_b_'))).toMatch(/SameSite=None; Secure/);
      // A target on the socket's own origin is not this course any more.
      const direct = await browser.fetch(`/lti/login?${new URLSearchParams({ iss: proxied.sim.issuer, login_hint: 'sam', target_link_uri: `${proxied.server.url}/quizzes/isolation/`, client_id: proxied.sim.clientId })}`);
      expect(direct.status).toBe(400);
    } finally {
      await proxied.stop();
    }
  });
});
