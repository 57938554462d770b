import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, ToolBrowser } from '../../support/lti-browser';
import { ROLE } from '../../support/lti-platform';
import { publicAnswers } from '../../support/quiz-ids';
import { counts, eventually, frameOrigins, ltiInstructor, registerDynamically, startLtiWorld, type LtiWorld } from '../../support/lti-setup';

let world: LtiWorld;
const quizUrl = () => `${world.server.url}/quizzes/isolation/`;
// Right answers to the isolation quiz's auto-graded questions; the free-text one waits for an instructor (6 points).
// Learners answer by option position; publicAnswers turns the file's ids into positions.
const answers = publicAnswers('isolation', { untrusted: ['a', 'b'], 'shared-d1': 'a', 'trusted-mode': 'a', 'shared-env': 'The admin D1 leaks to every tenant.' });
const QUIZ_MAX = 2 + 1 + 1 + 6 + 2;

async function learnerSubmits(hint: string): Promise<{ browser: ToolBrowser; attemptId: number }> {
  const browser = new ToolBrowser(world.server.url);
  const { res } = await launch(world.sim, browser, { hint, target: quizUrl() });
  expect(res.status).toBe(200);
  await browser.refreshCsrf();
  const submit = await browser.fetch('/api/quizzes/isolation/submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers }) });
  expect(submit.status).toBe(201);
  return { browser, attemptId: ((await submit.json()) as { attempt: { id: number } }).attempt.id };
}

beforeAll(async () => {
  world = await startLtiWorld({ LTI_REGISTRATION: 'open' });
  expect((await registerDynamically(world)).status).toBe(200);
});
afterAll(async () => {
  await world?.stop();
});

describe('a learner launch into a quiz', () => {
  let attemptId: number;

  test('signs the learner in (linked by issuer + subject) and opens the quiz', async () => {
    const browser = new ToolBrowser(world.server.url);
    const { res, html } = await launch(world.sim, browser, { hint: 'ada', target: quizUrl() });
    expect(res.status).toBe(200);
    expect(html).toContain('location.replace("/quizzes/isolation/")');
    const session = res.headers.getSetCookie().find((c) => c.startsWith('course_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/); // Plain http on loopback: browsers refuse SameSite=None without Secure.
    const me = (await (await browser.fetch('/api/auth/me')).json()) as { user: { name: string; role: string } };
    expect(me.user).toMatchObject({ name: 'User ada', role: 'learner' });
    // The LMS may frame us from where it shows its pages (tool_platform.url), not only from its authorization host.
    expect(await frameOrigins(world)).toEqual(expect.arrayContaining([world.sim.url, 'https://school.lms.example']));
    // Launching again reuses the same account.
    const before = (await counts(world)).users;
    await launch(world.sim, new ToolBrowser(world.server.url), { hint: 'ada', target: quizUrl() });
    expect((await counts(world)).users).toBe(before);
  });

  test('a submission with a free-text answer posts PendingManual to <lineitem>/scores', async () => {
    ({ attemptId } = await learnerSubmits('ada'));
    const score = await eventually(() => {
      expect(world.sim.scores.length).toBeGreaterThanOrEqual(1);
      return world.sim.scores.at(-1)!;
    }, 'score received');
    expect(score.lineitem).toBe(`${world.sim.url}/lineitems/7?course=1`);
    expect(score.body).toMatchObject({ userId: 'ada', scoreGiven: 4, scoreMaximum: QUIZ_MAX, activityProgress: 'Submitted', gradingProgress: 'PendingManual' });
    expect(Date.parse(score.body.timestamp as string)).not.toBeNaN();
    expect(world.sim.tokenRequests.at(-1)!.scope).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
  });

  test('grading the free-text answer later posts the score again, FullyGraded', async () => {
    const sent = world.sim.scores.length;
    // The context's LMS instructor grades their class's answer (issue 19: LMS roles count in that class only).
    const teacher = await ltiInstructor(world);
    const graded = await teacher.request('/api/instructor/grades', { json: { attemptId, questionId: 'shared-env', rubric: ['leak', 'isolation', 'fix'] } });
    expect(graded.status).toBe(200);
    const score = await eventually(() => {
      expect(world.sim.scores.length).toBe(sent + 1);
      return world.sim.scores.at(-1)!;
    }, 'second score');
    expect(score.body).toMatchObject({ userId: 'ada', scoreGiven: 7, scoreMaximum: QUIZ_MAX, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  });
});

describe('launch targets', () => {
  test('a lesson or lab link opens that page; ungraded lessons record no grade target', async () => {
    const browser = new ToolBrowser(world.server.url);
    const targets = (await counts(world)).lti_grade_targets;
    const lesson = await launch(world.sim, browser, { hint: 'ada', target: `${world.server.url}/foundations/welcome/` });
    expect(lesson.html).toContain('location.replace("/foundations/welcome/")');
    expect((await counts(world)).lti_grade_targets).toBe(targets);
    const lab = await launch(world.sim, browser, { hint: 'ada', target: `${world.server.url}/labs/first-dispatch` });
    expect(lab.html).toContain('location.replace("/labs/first-dispatch/")');
    // A resource link made by deep linking carries its item as a custom parameter: it wins over a generic target.
    world.sim.prepare('ada', { claims: { 'https://purl.imsglobal.org/spec/lti/claim/custom': { course_item: 'lab:shared-env-leak' } } });
    const linked = await launch(world.sim, browser, { hint: 'ada', target: `${world.server.url}/` });
    expect(linked.html).toContain('location.replace("/labs/shared-env-leak/")');
    world.sim.prepare('ada', {});
    // The one-time launch token signs in top-level and opens the same page, once.
    const token = /\/lti\/open\/\?token=([\w-]+)/.exec(lab.html)![1]!;
    const other = new ToolBrowser(world.server.url);
    const open = await other.fetch(`/lti/open/?token=${token}`);
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe('/labs/first-dispatch/');
    expect(((await (await other.fetch('/api/auth/me')).json()) as { user: { name: string } }).user.name).toBe('User ada');
    expect((await new ToolBrowser(world.server.url).fetch(`/lti/open/?token=${token}`)).status).toBe(401);
  });
});

describe('failed score posts', () => {
  test('are retried with backoff, then shown to the instructor with "post again"', async () => {
    world.sim.failScores = 100;
    await learnerSubmits('bob');
    const page = await eventually(async () => {
      const html = await (await world.instructor.request('/instructor/lti/')).text();
      expect(html).toContain('failed after 3 tries');
      return html;
    }, 'failure shown');
    expect(page).toContain('User bob');
    expect(page).toContain('503');
    const post = /name="post" value="(\d+)"/.exec(page)![1]!;
    world.sim.failScores = 0;
    const again = await world.instructor.request('/api/lti/scores', { form: { post } });
    expect(again.status).toBe(303);
    const score = await eventually(() => world.sim.scores.find((s) => s.body.userId === 'bob') ?? Promise.reject(new Error('not yet')), 'bob delivered');
    expect(score.body).toMatchObject({ gradingProgress: 'PendingManual' });
    const after = await eventually(async () => {
      const html = await (await world.instructor.request('/instructor/lti/')).text();
      expect(html).toContain('data-undelivered-none');
      return html;
    }, 'failure cleared');
    expect(after).not.toContain('User bob');
  });
});

describe('Deep Linking 2.0', () => {
  test('an instructor picks items and the platform receives a signed LtiDeepLinkingResponse', async () => {
    const dl = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
    world.sim.prepare('teacher', {
      claims: {
        [`https://purl.imsglobal.org/spec/lti/claim/message_type`]: 'LtiDeepLinkingRequest',
        [`https://purl.imsglobal.org/spec/lti/claim/roles`]: [ROLE.instructor],
        [`https://purl.imsglobal.org/spec/lti/claim/resource_link`]: undefined,
        [`${dl}deep_linking_settings`]: { deep_link_return_url: `${world.sim.url}/deep-link-return`, accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['iframe'], accept_multiple: true, data: 'opaque-123' },
      },
    });
    const browser = new ToolBrowser(world.server.url);
    const { res, html } = await launch(world.sim, browser, { hint: 'teacher', target: `${world.server.url}/lti/launch` });
    expect(res.status).toBe(200);
    const picker = /location\.replace\("([^"]+)"\)/.exec(html)![1]!;
    expect(picker).toMatch(/^\/lti\/deep-link\/\?request=/);
    const page = await (await browser.fetch(picker)).text();
    expect(page).toContain('value="quiz:isolation"');
    expect(page).toContain('value="lesson:foundations/welcome"');
    const request = new URL(picker, world.server.url).searchParams.get('request')!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!; // The picker form carries the session's CSRF token.
    const body = new URLSearchParams([['request', request], ['_csrf', csrf], ['items', 'quiz:isolation'], ['items', 'lesson:foundations/welcome'], ['items', 'lab:first-dispatch']]);
    const back = await browser.fetch('/api/lti/deep-link', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(back.status).toBe(200);
    const form = await back.text();
    expect(form).toContain(`action="${world.sim.url}/deep-link-return"`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(form)![1]!;
    const done = await fetch(`${world.sim.url}/deep-link-return`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ JWT: jwt }) });
    expect(done.status).toBe(200);
    const [payload] = world.sim.deepLinks;
    expect(payload).toMatchObject({
      iss: world.sim.clientId,
      aud: world.sim.issuer,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': world.sim.deploymentId,
      [`${dl}data`]: 'opaque-123',
    });
    const items = payload![`${dl}content_items`] as Record<string, unknown>[];
    expect(items[0]).toMatchObject({ type: 'ltiResourceLink', url: quizUrl(), lineItem: { scoreMaximum: QUIZ_MAX }, custom: { course_item: 'quiz:isolation' } });
    expect(items[1]).toMatchObject({ type: 'ltiResourceLink', url: `${world.server.url}/foundations/welcome/` });
    expect(items[1]).not.toHaveProperty('lineItem');
    expect(items[2]).toMatchObject({ type: 'ltiResourceLink', lineItem: { scoreMaximum: 1 } });
    // The picker's request is single use.
    const twice = await browser.fetch('/api/lti/deep-link', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(twice.status).toBe(401);
  });

  test('a learner cannot open the picker: refused, nothing stored', async () => {
    world.sim.prepare('sneaky', {
      claims: {
        [`https://purl.imsglobal.org/spec/lti/claim/message_type`]: 'LtiDeepLinkingRequest',
        [`https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings`]: { deep_link_return_url: `${world.sim.url}/deep-link-return`, accept_types: ['ltiResourceLink'] },
      },
    });
    const before = await counts(world);
    const { res } = await launch(world.sim, new ToolBrowser(world.server.url), { hint: 'sneaky', target: `${world.server.url}/lti/launch` });
    expect(res.status).toBe(403);
    expect(await counts(world)).toEqual(before);
  });
});

describe('Names and Role Provisioning', () => {
  test('the instructor syncs the roster and sees the LMS learners who have not started', async () => {
    world.sim.members = [
      { user_id: 'ada', name: 'Ada Lovelace', roles: [ROLE.learner] },
      { user_id: 'bob', name: 'Bob Byte', roles: [ROLE.learner] },
      { user_id: 'carol', name: 'Carol Never', email: 'carol@lms.example', roles: [ROLE.learner] },
      { user_id: 'teacher', name: 'Teacher', roles: [ROLE.instructor] },
      { user_id: 'gone', name: 'Gone Away', roles: [ROLE.learner], status: 'Inactive' },
    ];
    const page = await (await world.instructor.request('/instructor/lti/')).text();
    const context = /name="context" value="(\d+)"/.exec(page)![1]!;
    const sync = await world.instructor.request('/api/lti/roster', { form: { context } });
    expect(sync.status).toBe(303);
    expect(world.sim.tokenRequests.some((t) => t.scope.includes('contextmembership.readonly'))).toBe(true);
    const after = await (await world.instructor.request('/instructor/lti/')).text();
    const list = /<ul data-not-started[^>]*>([\s\S]*?)<\/ul>/.exec(after)![1]!;
    expect(list).toContain('Carol Never');
    expect(list).not.toContain('Ada Lovelace');
    expect(list).not.toContain('Bob Byte');
    expect(list).not.toContain('Teacher');
    expect(list).not.toContain('Gone Away');
    expect(after).toContain('3 learners');
  });
});
