import { afterAll, beforeAll, expect, test } from 'vitest';
import { publicAnswers } from '../../support/quiz-ids';
import { launch, ToolBrowser } from '../../support/lti-browser';
import { eventually, ltiInstructor, registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';

let world: LtiWorld;
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';

beforeAll(async () => {
  world = await startLtiWorld({ LTI_REGISTRATION: 'open' });
  expect((await registerDynamically(world)).status).toBe(200);
});
afterAll(async () => {
  await world?.stop();
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('a lab pass posts the lab’s score, and a regrade that changes the quiz score posts it again', async () => {
  const browser = new ToolBrowser(world.server.url);
  const labLineitem = `${world.sim.url}/lineitems/lab-5`;
  // The LMS links the lab with its own line item, and the quiz with the default one (lineitems/7).
  world.sim.prepare('lea', { claims: { [AGS]: { scope: [], lineitem: labLineitem } } });
  expect((await launch(world.sim, browser, { hint: 'lea', target: `${world.server.url}/labs/shared-env-leak/` })).res.status).toBe(200);
  world.sim.prepare('lea', {});
  expect((await launch(world.sim, browser, { hint: 'lea', target: `${world.server.url}/quizzes/isolation/` })).res.status).toBe(200);
  await browser.refreshCsrf();

  // Quiz first: the lab question scores 0 while the lab is not passed.
  const answers = publicAnswers('isolation', { untrusted: ['a', 'b'], 'shared-d1': 'a', 'trusted-mode': 'a', 'shared-env': 'Leaks the admin D1.' });
  expect((await browser.fetch('/api/quizzes/isolation/submit', json({ answers }))).status).toBe(201);
  const first = await eventually(() => world.sim.scores.find((s) => s.lineitem.includes('/lineitems/7')) ?? Promise.reject(new Error('no quiz score')), 'quiz score');
  expect(first.body).toMatchObject({ scoreGiven: 4, gradingProgress: 'PendingManual' });

  // Passing the lab (real checks in workerd) posts 1/1 to the lab's line item.
  // The solution is served to an explicit, recorded POST (the instructor sees "viewed solution").
  const files = ((await (await browser.fetch('/api/labs/shared-env-leak/solution', { method: 'POST' })).json()) as { files: Record<string, string> }).files;
  const { sandboxId, token } = (await (await browser.fetch('/api/labs/shared-env-leak/sandbox', { method: 'POST' })).json()) as { sandboxId: string; token: string };
  const check = await browser.fetch(`/api/labs/shared-env-leak/check?sandbox=${sandboxId}`, { ...json({ files }), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  const events = (await check.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; passed?: boolean });
  expect(events.at(-1)).toMatchObject({ type: 'done', passed: true });
  const lab = await eventually(() => world.sim.scores.find((s) => s.lineitem === labLineitem) ?? Promise.reject(new Error('no lab score')), 'lab score');
  expect(lab.body).toMatchObject({ userId: 'lea', scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });

  // The regrade sees the passed lab: the quiz score changes and goes to the LMS again.
  // The course context's LMS instructor regrades their class (a site administrator outside the class cannot).
  const teacher = await ltiInstructor(world);
  const regrade = await teacher.request('/api/instructor/regrade', { json: { quizId: 'isolation', confirm: true } });
  expect(regrade.status).toBe(200);
  const again = await eventually(() => {
    const quiz = world.sim.scores.filter((s) => s.lineitem.includes('/lineitems/7'));
    expect(quiz.length).toBe(2);
    return quiz[1]!;
  }, 'regraded score');
  expect(again.body).toMatchObject({ userId: 'lea', scoreGiven: 6, gradingProgress: 'PendingManual' });
});
