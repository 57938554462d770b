import { expect, request as requests, test, type Locator, type Page } from '@playwright/test';
import { addInstructor, signIn } from './assessment-helpers';

test.describe.configure({ timeout: 120_000 });

async function openLab(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  return lab;
}

/** Shows the solution through the page's own dialog, then checks it: the lab passes. */
async function passWithSolution(page: Page, lab: Locator) {
  await lab.getByRole('button', { name: 'Show solution' }).click();
  await lab.locator('dialog[data-dialog="confirm"]').getByRole('button', { name: 'Show solution' }).click();
  await expect(lab.locator('.lab-status')).toContainText('The solution is in the editor');
  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-progress')).toHaveText(/^All \d+ checks passed/, { timeout: 90_000 });
}

test('a lab passed anonymously says "Sign in to keep this pass", then moves to the account made in the same browser', async ({ page, browser }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const lab = await openLab(page, '/building/dynamic-dispatch/', 'first-dispatch');
  await passWithSolution(page, lab);
  await expect(lab.locator('.lab-passed-badge')).toBeVisible();
  const note = lab.locator('[data-pass-note]');
  await expect(note).toContainText('Sign in to keep this pass');
  // The next step shows after a pass: the next lab on the page.
  await expect(lab.locator('[data-lab-next] a')).toHaveText(/^Next: the lab “Routing tables/);
  // The sidebar ticks the lesson at once, without a reload (kept for this browser until it signs in).
  const sidebarLink = page.locator('nav[aria-label="Main"] a[href="/building/dynamic-dispatch/"]');
  await expect(sidebarLink.locator('.lesson-tick')).toBeAttached();
  await page.screenshot({ path: info.outputPath('lab-pass-anonymous-1366.png') });

  // Another browser holding this sandbox's token cannot earn the pass: the sandbox is not its own.
  const credentials = await page.evaluate(() => JSON.parse(sessionStorage.getItem('wfp-lab-sandbox:first-dispatch') ?? 'null') as { sandboxId: string; token: string });
  const solution = ((await (await page.request.post('/api/labs/first-dispatch/solution')).json()) as { files: Record<string, string> }).files;
  const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 4399}`;
  const other = await requests.newContext({ baseURL: base });
  const stolen = await other.post(`/api/labs/first-dispatch/check?sandbox=${encodeURIComponent(credentials.sandboxId)}`, {
    data: { files: solution },
    headers: { authorization: `Bearer ${credentials.token}`, origin: base },
  });
  const done = (await stolen.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; passed?: boolean; recorded?: string }).find((e) => e.type === 'done')!;
  expect(done).toMatchObject({ passed: true, recorded: 'none' });
  expect(((await (await other.get('/api/progress/summary')).json()) as { passedLabs: string[] }).passedLabs).toEqual([]);
  await other.dispose();

  // Sign up from the note, in the same browser: back on the lesson, the pass is the account's.
  const email = `record-${Date.now()}@example.com`;
  await note.getByRole('link', { name: 'create an account' }).click();
  await page.getByLabel('Name').fill('Robin Record');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('learner-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/building\/dynamic-dispatch\/$/);
  const again = page.locator('section.lab[data-lab-id="first-dispatch"]');
  await again.scrollIntoViewIfNeeded();
  await expect(again.locator('.lab-passed-badge')).toBeVisible();
  await expect(again.locator('[data-pass-note]')).toBeHidden();
  const summary = (await (await page.request.get('/api/progress/summary')).json()) as { passedLabs: string[]; kept: string };
  expect(summary).toMatchObject({ passedLabs: ['first-dispatch'], kept: 'account' });

  // /course/ is built from the sidebar's list: every section, "Operating a platform" included, and the same "done".
  await page.goto('/course/');
  await expect(page.getByRole('heading', { level: 2, name: /^Operating a platform/ })).toBeVisible();
  const sidebarSections = await page.locator('nav[aria-label="Main"] details summary').allTextContents();
  const courseSections = (await page.locator('.course-section h2').allTextContents()).map((t) => t.replace(/\(.*\)/, '').trim());
  expect(courseSections).toEqual(sidebarSections.map((t) => t.trim()));
  await expect(page.locator('[data-lesson="building/dynamic-dispatch"] .course-done')).toBeVisible();
  await page.screenshot({ path: info.outputPath('course-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: info.outputPath('course-390.png') });

  // The instructor sees the same: the lab passed (by title) and the lesson done.
  addInstructor('record-instructor@example.com', 'instructor-password');
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const instructor = await context.newPage();
  await signIn(instructor, 'record-instructor@example.com', 'instructor-password');
  await instructor.goto('/instructor/');
  const row = instructor.locator('tbody tr', { hasText: email });
  await expect(row.getByRole('link', { name: 'First dispatch' })).toBeVisible();
  await expect(row.locator('td').first()).toHaveText(/^1 \/ \d+$/);
  // "Make instructor": the accessible name starts with the visible text (voice control).
  await expect(row.getByRole('button', { name: /^Make instructor/ })).toBeVisible();
  await instructor.screenshot({ path: info.outputPath('dashboard-1366.png') });
  await context.close();
});

test('a lab passed on the page updates its quiz and the sidebar without a reload; no native confirm()', async ({ page }, info) => {
  page.on('dialog', (d) => {
    throw new Error(`native ${d.type()} dialog: ${d.message()}`);
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/sign-up/?next=/isolation/isolation-and-security/');
  await page.getByLabel('Name').fill('Quinn Quiz');
  await page.getByLabel('Email').fill(`reacts-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('learner-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/isolation\/isolation-and-security\/$/);
  const warning = page.locator('[data-lab-warning="shared-env-leak"]');
  await expect(warning).toContainText('You have not passed this lab yet');

  const lab = await openLab(page, '/isolation/isolation-and-security/', 'shared-env-leak');
  await expect(warning).toBeVisible();
  await passWithSolution(page, lab);
  await expect(lab.locator('[data-pass-note]')).toBeHidden();
  await expect(warning).toBeHidden();
  await expect(page.locator('nav[aria-label="Main"] a[href="/isolation/isolation-and-security/"] .lesson-tick')).toBeAttached();
  await expect(lab.locator('[data-lab-next] a')).toHaveText(/^Next: the lab/);

  // Submitting with unanswered questions asks with the page's own dialog; Cancel submits nothing.
  const quiz = page.locator('section.course-quiz[data-quiz="isolation"]');
  await quiz.getByRole('button', { name: 'Submit answers' }).click();
  const dialog = page.locator('dialog.page-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('unanswered');
  await expect(dialog).not.toContainText('You have not passed');
  await page.screenshot({ path: info.outputPath('quiz-dialog-1366.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toHaveText('Not submitted. Your draft is kept.');
});
