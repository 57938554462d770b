import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, postLaunch, ToolBrowser } from '../../support/lti-browser';
import type { LaunchSpec } from '../../support/lti-platform';
import { counts, registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';

let world: LtiWorld;
const C = 'https://purl.imsglobal.org/spec/lti/claim/';
const target = () => `${world.server.url}/quizzes/isolation/`;

beforeAll(async () => {
  world = await startLtiWorld({ LTI_REGISTRATION: 'open' });
  expect((await registerDynamically(world)).status).toBe(200);
});
afterAll(async () => {
  await world?.stop();
});

/** A refused launch: a 4xx HTML page saying why, no session cookie, and no row added anywhere. */
async function expectRefused(hint: string, spec: LaunchSpec, status: number, message: string | RegExp) {
  world.sim.prepare(hint, spec);
  const before = await counts(world);
  const { res, html } = await launch(world.sim, new ToolBrowser(world.server.url), { hint, target: target() });
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(html).toContain('data-lti-error');
  expect(html).toMatch(message);
  expect(res.headers.getSetCookie().some((c) => c.startsWith('course_session='))).toBe(false);
  expect(await counts(world)).toEqual(before);
}

describe('rejected launches: an error page with 4xx, nothing stored, nobody signed in', () => {
  test('bad signature', async () => expectRefused('forged', { forge: true }, 401, /signature does not match/));
  test('wrong audience', async () => expectRefused('wrong-aud', { claims: { aud: 'someone-else' } }, 401, /&#34;aud&#34; claim|"aud" claim/));
  test('several audiences without azp', async () => expectRefused('multi-aud', { claims: { aud: [world.sim.clientId, 'other'] } }, 401, /azp/));
  test('wrong azp', async () => expectRefused('wrong-azp', { claims: { azp: 'other' } }, 401, /azp/));
  test('expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    return expectRefused('expired', { claims: { iat: now - 900, exp: now - 600 } }, 401, /expired/);
  });
  test('issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    return expectRefused('future', { claims: { iat: now + 3600, exp: now + 7200 } }, 401, /iat/);
  });
  test('wrong issuer', async () => expectRefused('wrong-iss', { claims: { iss: 'https://evil.example' } }, 401, /iss/));
  test('unknown deployment', async () => expectRefused('unknown-dep', { claims: { [`${C}deployment_id`]: 'not-registered' } }, 401, /deployment not-registered is not registered/));
  test('wrong LTI version', async () => expectRefused('old-version', { claims: { [`${C}version`]: '1.1' } }, 401, /LTI version must be 1.3.0/));
  test('a resource link launch without resource_link', async () => expectRefused('no-link', { claims: { [`${C}resource_link`]: undefined } }, 401, /resource_link/));
  test('target_link_uri pointing elsewhere', async () => expectRefused('away', { claims: { [`${C}target_link_uri`]: 'https://evil.example/' } }, 401, /target_link_uri/));
  test('a nonce that is not this login’s', async () => expectRefused('bad-nonce', { claims: { nonce: 'made-up' } }, 401, /nonce/));

  test('replayed id_token (nonce and state used once)', async () => {
    const browser = new ToolBrowser(world.server.url);
    const first = await launch(world.sim, browser, { hint: 'replay', target: target() });
    expect(first.res.status).toBe(200);
    const before = await counts(world);
    const again = await postLaunch(world.sim, browser, first.form);
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('expired or was already used');
    expect(await counts(world)).toEqual(before);
  });

  test('state not bound to this browser (posted from another one)', async () => {
    world.sim.prepare('stolen', {});
    const victim = new ToolBrowser(world.server.url);
    const params = new URLSearchParams({ iss: world.sim.issuer, login_hint: 'stolen', target_link_uri: target(), lti_message_hint: target(), client_id: world.sim.clientId });
    const login = await victim.fetch(`/lti/login?${params}`);
    await fetch(login.headers.get('location')!);
    const before = await counts(world);
    const res = await postLaunch(world.sim, new ToolBrowser(world.server.url), world.sim.lastForm!.fields);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('did not send back the login cookie');
    expect(await counts(world)).toEqual(before);
  });

  test('unknown deployment at login, unknown platform, not a login at all', async () => {
    const b = new ToolBrowser(world.server.url);
    const dep = await b.fetch(`/lti/login?${new URLSearchParams({ iss: world.sim.issuer, login_hint: 'x', target_link_uri: target(), lti_deployment_id: 'nope' })}`);
    expect(dep.status).toBe(401);
    const unknown = await b.fetch(`/lti/login?${new URLSearchParams({ iss: 'https://unknown.example', login_hint: 'x', target_link_uri: target() })}`);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('is not registered');
    const empty = await b.fetch('/lti/login', { method: 'POST', origin: world.sim.url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'junk=1' });
    expect(empty.status).toBe(400);
    const noToken = await b.fetch('/lti/launch', { method: 'POST', origin: world.sim.url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(noToken.status).toBe(401);
  });
});

describe('login by POST', () => {
  test('the platform may start the login with a cross-site form post', async () => {
    const b = new ToolBrowser(world.server.url);
    const body = new URLSearchParams({ iss: world.sim.issuer, login_hint: 'poster', target_link_uri: target(), client_id: world.sim.clientId, lti_deployment_id: world.sim.deploymentId });
    const res = await b.fetch('/lti/login', { method: 'POST', origin: world.sim.url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${world.sim.url}/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: world.sim.clientId, redirect_uri: `${world.server.url}/lti/launch`, login_hint: 'poster' });
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const auth = await fetch(location);
    expect(auth.status).toBe(200);
    expect((await postLaunch(world.sim, b, world.sim.lastForm!.fields)).status).toBe(200);
  });
});

describe('platform keys', () => {
  test('a token signed with a new platform key (unknown kid) verifies after the JWKS is fetched again', async () => {
    const b = new ToolBrowser(world.server.url);
    expect((await launch(world.sim, b, { hint: 'before-rotation', target: target() })).res.status).toBe(200);
    await world.sim.rotateKey();
    await new Promise((r) => setTimeout(r, 1100)); // jose's refetch cooldown (1 s) after the last fetch.
    world.sim.prepare('after-rotation', {});
    expect((await launch(world.sim, new ToolBrowser(world.server.url), { hint: 'after-rotation', target: target() })).res.status).toBe(200);
  });
});

describe('cross-site posts', () => {
  test('the Origin check still refuses other cross-site posts', async () => {
    const res = await fetch(`${world.server.url}/api/quizzes/isolation/submit`, { method: 'POST', headers: { origin: world.sim.url, 'content-type': 'application/json' }, body: '{"answers":{}}' });
    expect(res.status).toBe(403);
  });
});
