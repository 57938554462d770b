import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, postLaunch, ToolBrowser } from '../../support/lti-browser';
import { ROLE, startPlatform, type PlatformSim } from '../../support/lti-platform';
import { registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';

/**
 * Issue 19: the registration takeover, sent as the attacker sends it. The real LMS listens on 127.0.0.1:4471 and its
 * registration is approved; the attacker serves an OpenID configuration from 127.0.0.1:44711 claiming that issuer.
 */
const REAL_PORT = 4471;
let world: LtiWorld;
let attacker: PlatformSim;

const platformsPage = async () => (await world.instructor.request('/instructor/lti/')).text();
const registerFrom = (configUrl: string, token: string) =>
  fetch(`${world.server.url}/lti/register?${new URLSearchParams({ openid_configuration: configUrl, registration_token: token })}`);
/** Where the tool's login sends the browser for this platform (its authorization endpoint). */
async function loginRedirect(sim: PlatformSim): Promise<Response> {
  const q = new URLSearchParams({ iss: sim.issuer, login_hint: 'x', target_link_uri: `${world.server.url}/`, client_id: sim.clientId });
  return new ToolBrowser(world.server.url).fetch(`/lti/login?${q}`);
}

beforeAll(async () => {
  world = await startLtiWorld({}, { port: REAL_PORT });
  expect((await registerDynamically(world)).status).toBe(200);
  const id = /name="platform" value="(\d+)"/.exec(await platformsPage())![1]!;
  expect((await world.instructor.request('/api/lti/platforms', { form: { action: 'approve', platform: id } })).status).toBe(303);
  attacker = await startPlatform({ port: REAL_PORT * 10 + 1 });
  attacker.issuer = world.sim.issuer; // The attacker's configuration and tokens claim the approved issuer.
});
afterAll(async () => {
  await attacker?.stop();
  await world?.stop();
});

describe('LTI registration cannot be taken over', () => {
  test('a configuration on another port claiming the approved issuer: 400 naming the mismatch, nothing registered at the attacker', async () => {
    expect(world.sim.issuer).toBe(`http://127.0.0.1:${REAL_PORT}`);
    expect(`${attacker.url}/.well-known/openid-configuration`.startsWith(world.sim.issuer)).toBe(true); // what the old check accepted
    const res = await registerFrom(`${attacker.url}/.well-known/openid-configuration`, attacker.registrationToken);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`origin http://127.0.0.1:${REAL_PORT} is not the configuration URL`);
    expect(html).toContain(`origin ${attacker.url}.`);
    expect(attacker.registrations).toHaveLength(0);
    // The tool still sends logins to the real platform, never to the attacker.
    const login = await loginRedirect(world.sim);
    expect(login.status).toBe(302);
    expect(new URL(login.headers.get('location')!).origin).toBe(world.sim.url);
  });

  test('the attacker’s own signed Instructor id_token is refused at launch', async () => {
    const browser = new ToolBrowser(world.server.url);
    const q = new URLSearchParams({ iss: world.sim.issuer, login_hint: 'mallory', target_link_uri: `${world.server.url}/instructor/gradebook/`, client_id: world.sim.clientId });
    const login = await browser.fetch(`/lti/login?${q}`);
    const authorize = new URL(login.headers.get('location')!);
    // The attacker answers the authorization request itself, signing with its own key.
    attacker.prepare('mallory', { claims: { [`https://purl.imsglobal.org/spec/lti/claim/roles`]: [ROLE.instructor] } });
    const auth = await fetch(`${attacker.url}/authorize${authorize.search}`);
    expect(auth.status).toBe(200);
    const res = await postLaunch(attacker, browser, attacker.lastForm!.fields);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('signature does not match the platform’s keys');
    expect((await browser.fetch('/instructor/gradebook/')).status).not.toBe(200);
  });

  test('re-registering the same issuer and client id with new endpoints changes nothing until an administrator approves', async () => {
    world.sim.config = { jwks_uri: `${world.sim.url}/jwks?moved=1`, authorization_endpoint: `${world.sim.url}/authorize?moved=1` };
    try {
      const res = await registerDynamically(world);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('data-lti-registered="change-pending"');
      // Still the approved endpoints: logins go where they went before.
      const before = new URL((await loginRedirect(world.sim)).headers.get('location')!);
      expect(before.searchParams.get('moved')).toBeNull();
      const page = await platformsPage();
      expect(page).toContain('/authorize?moved=1');
      const change = /name="change" value="(\d+)"/.exec(page)![1]!;
      expect((await world.instructor.request('/api/lti/platforms', { form: { action: 'approve-change', change } })).status).toBe(303);
      const after = new URL((await loginRedirect(world.sim)).headers.get('location')!);
      expect(after.searchParams.get('moved')).toBe('1');
    } finally {
      world.sim.config = {};
    }
    // Back to the original endpoints: again a pending change, refused this time.
    await registerDynamically(world);
    const change = /name="change" value="(\d+)"/.exec(await platformsPage())![1]!;
    expect((await world.instructor.request('/api/lti/platforms', { form: { action: 'refuse-change', change } })).status).toBe(303);
    expect(new URL((await loginRedirect(world.sim)).headers.get('location')!).searchParams.get('moved')).toBe('1');
    expect(await platformsPage()).toContain('data-changes-none');
  });

  test('key rotation works through the JWKS URL: a new kid launches without any re-registration', async () => {
    world.sim.config = {};
    await world.sim.rotateKey();
    const { res } = await launch(world.sim, new ToolBrowser(world.server.url), { hint: 'rotated', target: `${world.server.url}/quizzes/isolation/` });
    expect(res.status).toBe(200);
  });

  test('a replaced registration is refused with a page saying so', async () => {
    world.sim.clientId = 'sim-client-2';
    try {
      expect((await registerDynamically(world)).status).toBe(200);
      const ids = [...(await platformsPage()).matchAll(/name="platform" value="(\d+)"/g)].map((m) => m[1]!);
      const [oldId, newId] = [ids[0]!, ids.at(-1)!];
      expect(oldId).not.toBe(newId);
      expect((await world.instructor.request('/api/lti/platforms', { form: { action: 'approve', platform: newId } })).status).toBe(303);
      expect((await world.instructor.request('/api/lti/platforms', { form: { action: 'replace', platform: oldId, by: newId } })).status).toBe(303);
      await new Promise((r) => setTimeout(r, 1_100)); // the tool refetches a JWKS for an unknown kid at most once a second
      const fresh = await launch(world.sim, new ToolBrowser(world.server.url), { hint: 'new-reg', target: `${world.server.url}/quizzes/isolation/` });
      expect(fresh.res.status, fresh.html).toBe(200);
    } finally {
      world.sim.clientId = 'sim-client-1';
    }
    const { res, html } = await launch(world.sim, new ToolBrowser(world.server.url), { hint: 'old-reg', target: `${world.server.url}/quizzes/isolation/` });
    expect(res.status).toBe(403);
    expect(html).toContain('was replaced by a newer registration');
  });

  test('a refused registration stays refused when it registers again, and its launches say so', async () => {
    const other = await startPlatform();
    try {
      const q = (sim: PlatformSim) => registerFrom(`${sim.url}/.well-known/openid-configuration`, sim.registrationToken);
      expect((await q(other)).status).toBe(200);
      const row = new RegExp(`data-platform="${other.issuer}"[\\s\\S]*?name="action" value="refuse" /><input type="hidden" name="platform" value="(\\d+)"`).exec(await platformsPage());
      const id = row?.[1] ?? [...(await platformsPage()).matchAll(/name="platform" value="(\d+)"/g)].map((m) => m[1]!).at(-1)!;
      expect((await world.instructor.request('/api/lti/platforms', { form: { action: 'refuse', platform: id } })).status).toBe(303);
      const again = await q(other);
      expect(again.status).toBe(403);
      expect(await again.text()).toContain('was refused');
      const { res, html } = await launch(other, new ToolBrowser(world.server.url), { hint: 'r', target: `${world.server.url}/quizzes/isolation/` });
      expect(res.status).toBe(403);
      expect(html).toContain('refused by the course');
    } finally {
      await other.stop();
    }
  });
});
