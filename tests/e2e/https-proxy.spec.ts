import { rmSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/browser';
import { freePort, startCourseServer, type CourseServer } from '../support/course-server';
import { PUBLIC_HOST, selfSignedCertificate, startCaddy, type RunningProxy, type TestCertificate } from '../support/reverse-proxy';

// The whole course through the README's Caddy recipe (deploy/Caddyfile) on https://course.test, Caddy from
// Debian's package with a certificate made at test time; course.test resolves to loopback in this browser only.
test.use({
  ignoreHTTPSErrors: true,
  launchOptions: { executablePath: chromiumExecutable(), args: [...chromiumArgs, `--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`] },
});
test.describe.configure({ mode: 'serial', timeout: 180_000 });

let tls: TestCertificate;
let server: CourseServer;
let proxy: RunningProxy;
test.beforeAll(async () => {
  tls = selfSignedCertificate();
  const port = await freePort();
  server = await startCourseServer({ env: { SITE_ORIGIN: `https://${PUBLIC_HOST}:${port}`, TRUST_PROXY: '127.0.0.1' } });
  proxy = await startCaddy([new URL(server.url).host], tls, port);
});
test.afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  if (tls) rmSync(tls.dir, { recursive: true, force: true });
});

const run = Date.now().toString(36);
const learner = { name: 'Hedy Https', email: `hedy-${run}@example.com`, password: 'learner-password-1' };

async function signUp(page: Page) {
  const response = await page.goto(`${proxy.origin}/sign-up/`);
  expect(response!.headers()['strict-transport-security']).toBe('max-age=31536000');
  await page.getByLabel('Name').fill(learner.name);
  await page.getByLabel('Email').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('[data-account-control]').first()).toContainText(learner.name);
  const session = (await page.context().cookies(proxy.origin)).find((c) => c.name === 'course_session');
  expect(session?.secure).toBe(true);
}

test('over https behind Caddy: sign up, run a lab and pass its checks, submit a quiz', async ({ page }) => {
  await signUp(page);

  // A lab on its lesson page: Run, then the solution pasted in, then Check my work passes.
  const id = 'first-dispatch';
  await page.goto(`${proxy.origin}/labs/${id}/`);
  const lesson = (await page.locator('main p a').first().getAttribute('href'))!;
  await page.goto(`${proxy.origin}${lesson}`);
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 60_000 });

  // The solution, fetched by the page through the proxy without its cookies (as an anonymous visitor may).
  const solution = await page.evaluate(async (lab) => ((await (await fetch(`/api/labs/${lab}/solution`, { method: 'POST', credentials: 'omit' })).json()) as { files: Record<string, string> }).files, id);
  const tabs = lab.locator('.lab-files [role="tab"]');
  for (const [path, text] of Object.entries(solution)) {
    const label = (await tabs.filter({ has: page.locator(`xpath=self::*[@data-path="${path}"]`) }).first().textContent())!.trim();
    await lab.getByRole('tab', { name: label, exact: true }).click();
    await lab.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }
  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-progress')).toHaveText(/^All \d+ checks passed\. Lab complete!$/, { timeout: 90_000 });

  // A quiz: every question answered (first option, a number, a sentence), then submitted.
  await page.goto(`${proxy.origin}/quizzes/dispatch-namespaces/`);
  const quiz = page.locator('[data-quiz]').first();
  const questions = quiz.locator('fieldset[data-question]');
  for (let i = 0; i < (await questions.count()); i++) {
    const q = questions.nth(i);
    const choice = q.locator('input[type="radio"], input[type="checkbox"]');
    if ((await choice.count()) > 0) await choice.first().check();
    for (const box of await q.locator('input[type="text"], textarea').all()) await box.fill((await box.getAttribute('inputmode')) === 'decimal' ? '1' : 'Each customer gets its own isolate.');
  }
  page.on('dialog', (d) => void d.accept());
  await quiz.getByRole('button', { name: 'Submit answers' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toContainText('Attempt 1 submitted');

  // What the server recorded came through the proxy too: the lab pass, and the attempt among the learner's grades.
  const recorded = await page.evaluate(async () => ({
    summary: JSON.stringify(await (await fetch('/api/progress/summary')).json()),
    grades: JSON.stringify(await (await fetch('/api/grades')).json()),
  }));
  expect(recorded.summary).toContain('first-dispatch');
  expect(recorded.grades).toContain('dispatch-namespaces');
});
