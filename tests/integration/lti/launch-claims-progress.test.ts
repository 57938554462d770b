import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, ToolBrowser } from '../../support/lti-browser';
import { registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';

/** Issue 19 (classfix): an LTI launch moves what this browser did before into the account, as sign-in does. */
let world: LtiWorld;

beforeAll(async () => {
  world = await startLtiWorld({ LTI_REGISTRATION: 'open' });
  expect((await registerDynamically(world)).status).toBe(200);
});
afterAll(async () => {
  await world?.stop();
});

const lessons = async (b: ToolBrowser) => (await (await b.fetch('/api/progress/lessons')).json()) as { kept: string; completed: { lesson: string }[] };

test('lessons completed before an LTI launch move into the launched account', async () => {
  const browser = new ToolBrowser(world.server.url);
  const anon = await browser.fetch('/api/progress/lessons', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'foundations/welcome', complete: true }) });
  expect(anon.status, await anon.clone().text()).toBe(200);
  expect(await lessons(browser)).toMatchObject({ kept: 'browser', completed: [{ lesson: 'foundations/welcome' }] });

  const { res } = await launch(world.sim, browser, { hint: 'cai', target: `${world.server.url}/quizzes/isolation/` });
  expect(res.status).toBe(200);
  expect(await lessons(browser)).toMatchObject({ kept: 'account', completed: [{ lesson: 'foundations/welcome' }] });

  // Moved, not copied: another account launched on a fresh browser does not get it.
  const other = new ToolBrowser(world.server.url);
  await launch(world.sim, other, { hint: 'dee', target: `${world.server.url}/quizzes/isolation/` });
  expect((await lessons(other)).completed).toEqual([]);
});
