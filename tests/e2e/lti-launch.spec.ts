import { execFileSync } from 'node:child_process';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/browser';
import { startPlatform, type PlatformSim } from '../support/lti-platform';

// Two LMS simulators: one on 127.0.0.1 (same site as the course: its cookies work in the frame), one on localhost
// (another site: on plain http the browser refuses our cookies in its frame, so the launch goes through LTI platform
// storage and the one-time launch token).
const run = Date.now().toString(36);
let sameSite: PlatformSim;
let crossSite: PlatformSim;

async function registerAndApprove(request: APIRequestContext, baseURL: string, sim: PlatformSim) {
  const q = new URLSearchParams({ openid_configuration: `${sim.url}/.well-known/openid-configuration`, registration_token: sim.registrationToken });
  const reg = await request.get(`/lti/register?${q}`);
  expect(reg.status()).toBe(200);
  const page = await request.get('/instructor/lti/');
  const html = await page.text();
  const row = new RegExp(`data-platform="${sim.issuer.replace(/[.:/]/g, '\\$&')}"[\\s\\S]*?name="platform" value="(\\d+)"`).exec(html);
  const approve = await request.post('/api/lti/platforms', { form: { action: 'approve', platform: row![1]!, _csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! }, headers: { origin: baseURL }, maxRedirects: 0 });
  expect(approve.status()).toBe(303);
}

const loginUrl = (baseURL: string, sim: PlatformSim, hint: string) =>
  `${baseURL}/lti/login?${new URLSearchParams({ iss: sim.issuer, login_hint: hint, target_link_uri: `${baseURL}/quizzes/isolation/`, lti_message_hint: `${baseURL}/quizzes/isolation/`, client_id: sim.clientId, lti_deployment_id: sim.deploymentId })}`;

test.describe.configure({ mode: 'serial' });
// The tool frame hops between sites (course → LMS → course) several times in a second; with one process per site,
// Playwright sometimes loses track of the swapped frame. Cookie rules (what this spec is about) do not depend on the
// process model, so these pages share one renderer.
test.use({ launchOptions: { executablePath: chromiumExecutable(), args: [...chromiumArgs, '--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process'] } });

test.beforeAll(async ({ playwright, baseURL }) => {
  sameSite = await startPlatform({ host: '127.0.0.1' });
  crossSite = await startPlatform({ host: 'localhost' });
  const email = `lti-grace-${run}@example.com`;
  execFileSync(process.execPath, ['scripts/instructor-add.mjs', '--admin', '--email', email, '--name', 'Grace', '--password', 'instructor-password-1'], {
    env: { ...process.env, COURSE_DATA_DIR: process.env.E2E_DATA_DIR },
  });
  const request = await playwright.request.newContext({ baseURL });
  expect((await request.post('/api/auth/sign-in', { data: { email, password: 'instructor-password-1' }, headers: { origin: baseURL! } })).status()).toBe(200);
  await registerAndApprove(request, baseURL!, sameSite);
  await registerAndApprove(request, baseURL!, crossSite);
  await request.dispose();
});
test.afterAll(async () => {
  await sameSite?.stop();
  await crossSite?.stop();
});

test('a learner launched inside the LMS iframe lands signed in on the quiz and the score reaches the LMS', async ({ page, baseURL }) => {
  const hint = `ada-${run}`;
  await page.goto(sameSite.coursePage(loginUrl(baseURL!, sameSite, hint), false));
  const frame = page.frameLocator('#tool');
  const quiz = frame.locator('[data-quiz="isolation"]');
  await expect(quiz).toBeVisible();
  await expect(frame.locator('[data-account-control]').first()).toContainText(`User ${hint}`);
  await quiz.getByLabel('An isolated cache per Worker').check();
  await quiz.getByLabel(/No request\.cf object/).check();
  await quiz.getByLabel('Full access to the whole database').check();
  await quiz.getByLabel('Redeploy them').check();
  // The free-text answer stays blank (scored 0 at once), so no answer waits in the shared grading queue of the e2e run.
  // Confirmations before submitting: the unanswered question, and the lab question whose lab is not passed yet.
  await quiz.getByRole('button', { name: 'Submit answers' }).click();
  await frame.locator('dialog.page-dialog').getByRole('button', { name: 'Submit' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toContainText('Attempt 1 submitted');
  await expect.poll(() => sameSite.scores.find((s) => s.body.userId === hint)?.body).toMatchObject({ scoreGiven: 4, scoreMaximum: 12, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
});

test('where the frame cannot keep cookies, platform storage binds the launch and the one-time token opens it', async ({ page, baseURL }) => {
  const hint = `bea-${run}`;
  await page.goto(crossSite.coursePage(loginUrl(baseURL!, crossSite, hint), true));
  const open = page.frameLocator('#tool').getByRole('link', { name: 'Open in a new window' });
  await expect(open).toBeVisible();
  // The binding went through the LMS page's storage (our cookie never reached the frame's launch).
  expect(await page.evaluate(() => Object.keys((window as unknown as { ltiStore: object }).ltiStore).length)).toBe(1);
  const [popup] = await Promise.all([page.waitForEvent('popup'), open.click()]);
  await expect(popup).toHaveURL(/\/quizzes\/isolation\/$/);
  await expect(popup.locator('[data-account-control]').first()).toContainText(`User ${hint}`);
  // The token was single use.
  const href = await open.getAttribute('href');
  const again = await page.request.get(new URL(href!, baseURL).href, { maxRedirects: 0 });
  expect(again.status()).toBe(401);
});
