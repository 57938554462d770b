import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, ToolBrowser } from '../../support/lti-browser';
import { ROLE, startPlatform, type PlatformSim } from '../../support/lti-platform';
import { registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';
import { createClient } from '../../support/http-client';

/**
 * Issue 19: an LTI launch maps its context (per platform and deployment) to a class made on first launch; LMS
 * Instructor and TeachingAssistant roles teach that class only. With LTI_REGISTRATION=open, anyone who registers a
 * platform gets its own classes and nothing more: not the direct sign-ups, not another platform's learners.
 */
let world: LtiWorld;
let rogue: PlatformSim;
const TA = 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant';

async function launchAs(sim: PlatformSim, hint: string, roles: string[], context: { id: string; title: string }, name = `User ${hint}`) {
  const browser = new ToolBrowser(world.server.url);
  sim.prepare(hint, { claims: { 'https://purl.imsglobal.org/spec/lti/claim/roles': roles, 'https://purl.imsglobal.org/spec/lti/claim/context': context, name } });
  const { res } = await launch(sim, browser, { hint, target: `${world.server.url}/quizzes/isolation/` });
  expect(res.status).toBe(200);
  await browser.refreshCsrf();
  return browser;
}
const text = async (b: ToolBrowser, path: string) => {
  const res = await b.fetch(path);
  return { status: res.status, body: await res.text() };
};

beforeAll(async () => {
  world = await startLtiWorld({ LTI_REGISTRATION: 'open' });
  expect((await registerDynamically(world)).status).toBe(200);
  rogue = await startPlatform();
  rogue.clientId = 'rogue-client';
  const q = new URLSearchParams({ openid_configuration: `${rogue.url}/.well-known/openid-configuration`, registration_token: rogue.registrationToken });
  expect((await fetch(`${world.server.url}/lti/register?${q}`)).status).toBe(200); // open: approved at once
});
afterAll(async () => {
  await rogue?.stop();
  await world?.stop();
});

describe('LTI contexts are classes', () => {
  test('a TeachingAssistant teaches their own context’s class and sees none of another context’s, another platform’s or direct sign-ups', async () => {
    await launchAs(world.sim, 'lena', [ROLE.learner], { id: 'course-1', title: 'Platforms 101' }, 'Lena Course One');
    await launchAs(world.sim, 'lars', [ROLE.learner], { id: 'course-2', title: 'Platforms 202' }, 'Lars Course Two');
    await launchAs(rogue, 'rita', [ROLE.learner], { id: 'course-1', title: 'Rogue course' }, 'Rita Rogue');
    const direct = createClient(world.server.url);
    expect((await direct.signUp('dora@example.com', 'learner-password', 'Dora Direct')).status).toBe(201);

    const ta = await launchAs(world.sim, 'tom', [TA], { id: 'course-1', title: 'Platforms 101' });
    const book = await text(ta, '/api/instructor/gradebook.csv');
    expect(book.status).toBe(200);
    expect(book.body).toContain('Lena Course One');
    for (const other of ['Lars Course Two', 'Rita Rogue', 'Dora Direct']) expect(book.body).not.toContain(other);
    const dash = await text(ta, '/instructor/');
    expect(dash.status).toBe(200);
    expect(dash.body).not.toMatch(/Lars Course Two|Rita Rogue|Dora Direct/);
    // Rights in that class only: not the site's LMS page, not the site's settings.
    expect((await ta.fetch('/instructor/lti/')).status).toBe(403);
    expect((await ta.fetch('/api/lti/platforms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'rotate-key' }) })).status).toBe(403);
    expect((await (await ta.fetch('/api/auth/me')).json()).user.role).toBe('learner');
  });

  test('an instructor of the openly registered platform gets its classes and nothing more', async () => {
    const boss = await launchAs(rogue, 'boss', [ROLE.instructor], { id: 'course-1', title: 'Rogue course' });
    const book = await text(boss, '/api/instructor/gradebook.csv');
    expect(book.body).toContain('Rita Rogue');
    expect(book.body).not.toMatch(/Lena Course One|Lars Course Two|Dora Direct/);
    const classes = (await (await boss.fetch('/api/classes')).json()) as { classes: { id: number; name: string; role: string }[] };
    expect(classes.classes.map((c) => [c.name, c.role])).toEqual([['Rogue course', 'instructor']]);
    // Another class by id: 404, as if it did not exist.
    const all = (await (await world.instructor.request('/api/classes')).json()) as { classes: { id: number }[] };
    for (const c of all.classes) expect((await boss.fetch(`/instructor/gradebook/?class=${c.id}`)).status).toBe(404);
    // The same context id on another platform is another class.
    const lenaClass = await text(await launchAs(world.sim, 'tina', [ROLE.instructor], { id: 'course-1', title: 'Platforms 101' }), '/api/classes');
    expect(lenaClass.body).toContain('Platforms 101');
    expect(lenaClass.body).not.toContain('Rogue course');
  });

  test('the site administrator sees direct sign-ups in the default class, not LMS learners', async () => {
    const book = await world.instructor.request('/api/instructor/gradebook.csv');
    expect(book.status).toBe(200);
    const csv = await book.text();
    expect(csv).toContain('Dora Direct');
    expect(csv).not.toMatch(/Lena Course One|Rita Rogue/);
  });
});
