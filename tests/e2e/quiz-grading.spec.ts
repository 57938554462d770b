import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';

// Unique accounts per run, so the flow also holds against a data directory that is not empty.
const run = Date.now().toString(36);
const learner = { name: 'Ada Learner', email: `ada-${run}@example.com`, password: 'learner-password-1' };
const instructor = { email: `grace-${run}@example.com`, password: 'instructor-password-1' };
const xss = '<script>window.__xss = 1</script>';
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

test.describe.configure({ mode: 'serial' });

test('a learner signs up and submits the isolation quiz; auto-graded parts are scored at once', async ({ page }) => {
  await page.goto('/quizzes/isolation/');
  const quiz = page.locator('[data-quiz="isolation"]');
  await expect(quiz.getByText('to submit. Your answers are kept in this browser')).toBeVisible();
  await expect(quiz.getByRole('button', { name: 'Submit answers' })).toBeDisabled();

  // Typed before signing in: kept in this browser and carried into the account.
  const answer = quiz.getByRole('textbox', { name: 'Your answer' });
  await answer.fill(`It leaks the admin D1 with every customer's billing data. ${xss}`);

  await quiz.getByRole('link', { name: 'create an account' }).click();
  await expect(page).toHaveURL(/\/sign-up\/\?next=/);
  await page.getByLabel('Name').fill(learner.name);
  await page.getByLabel('Email').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/quizzes\/isolation\/$/);
  await expect(page.locator('[data-account-control]').first()).toContainText(learner.name);
  await expect(answer).toHaveValue(/admin D1/);

  await quiz.getByLabel('An isolated cache per Worker').check();
  await quiz.getByLabel(/No request\.cf object/).check();
  await quiz.getByLabel('Full access to the whole database').check();
  await quiz.getByLabel('Redeploy them').check();
  // The lab question's lab is not passed: a warning with a link, and a confirmation before submitting.
  await expect(quiz.locator('[data-question="env-leak-lab"] [data-lab-warning]').getByRole('link', { name: /shared-env-leak/ })).toHaveAttribute('href', '/labs/shared-env-leak/');
  // The page's own dialog asks (never the browser's confirm()): it names the lab that is not passed.
  const dialog = page.locator('dialog.page-dialog');
  await quiz.getByRole('button', { name: 'Submit answers' }).click();
  await expect(dialog).toContainText('not passed the lab shared-env-leak');
  await dialog.getByRole('button', { name: 'Submit' }).click();

  await expect(quiz.locator('[data-quiz-status]')).toHaveText(
    'Attempt 1 submitted: 4 / 12 points so far; some answers are awaiting instructor grading.',
  );
  // Attempt 1 of 2: the default review shows the total only; no verdicts, keys or explanations yet.
  await expect(quiz.locator('[data-question="untrusted"] [data-question-result]')).toContainText('Submitted');
  await expect(quiz.locator('[data-option][data-verdict]')).toHaveCount(0);
  await expect(quiz.locator('.quiz-explanation')).toHaveCount(0);
  await expect(quiz.getByText('1 attempt left.')).toBeVisible();
  await shot(page, 'quiz-submitted-learner');

  // The last attempt asks first; afterwards the review opens.
  await quiz.getByRole('button', { name: 'Submit a new attempt' }).click();
  await expect(dialog).toContainText('last attempt');
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toHaveText(
    'Attempt 2 submitted: 4 / 12 points so far; some answers are awaiting instructor grading.',
  );
  await expect(quiz.locator('[data-question="untrusted"] [data-question-result]')).toContainText('2 / 2 points');
  await expect(quiz.locator('[data-question="shared-d1"] [data-question-result]')).toContainText('1 / 1 points');
  await expect(quiz.locator('[data-question="env-leak-lab"] [data-question-result]')).toContainText('0 / 2 points');
  await expect(quiz.locator('[data-question="shared-env"] [data-question-result]')).toContainText('Awaiting instructor');
  await expect(quiz.getByText('No attempts left.')).toBeVisible();

  await page.goto('/foundations/what-is-workers-for-platforms/');
  const mark = page.getByRole('button', { name: 'Mark lesson complete' });
  await mark.click();
  await expect(page.getByRole('button', { name: '✓ Lesson complete' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: '✓ Lesson complete' })).toBeVisible();
});

test('a learner is refused instructor pages; anonymous visitors are sent to sign in', async ({ page }) => {
  const anonymous = await page.goto('/instructor/');
  expect(anonymous?.url()).toMatch(/\/sign-in\/\?next=%2Finstructor%2F$/);

  await signIn(page, learner.email, learner.password);
  const response = await page.goto('/instructor/grading/');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'Instructors only' })).toBeVisible();
  expect((await page.request.get('/api/instructor/gradebook.csv')).status()).toBe(403);
  await shot(page, 'instructor-refused-learner');
});

test('an instructor grades the free-text answer with the rubric; the learner sees score and feedback', async ({ page, browser }) => {
  execFileSync(process.execPath, ['scripts/instructor-add.mjs', '--email', instructor.email, '--name', 'Grace Instructor', '--password', instructor.password], {
    env: { ...process.env, COURSE_DATA_DIR: process.env.E2E_DATA_DIR },
  });
  await signIn(page, instructor.email, instructor.password);
  await page.goto('/instructor/grading/');
  await page.locator('tr', { has: page.locator('a[href="/instructor/grading/?quiz=isolation&question=shared-env"]') }).getByRole('link', { name: 'Grade', exact: true }).click();
  // Other specs may have left answers in the queue too: pick this learner's from the desk's queue.
  await page.locator('.queue').getByRole('link', { name: learner.name, exact: true }).click();

  const shown = page.locator('[data-learner-answer]');
  await expect(page.getByRole('heading', { name: new RegExp(learner.name) })).toBeVisible();
  // The learner's <script> is shown as text and never runs.
  await expect(shown).toContainText(xss);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  await page.getByRole('checkbox', { name: /Names what leaks/ }).check();
  await page.getByRole('checkbox', { name: /isolation failure/ }).check();
  await expect(page.locator('output[data-rubric-total]')).toHaveText('2 / 6');
  await page.getByLabel('Comment for the learner (optional)').fill('Good on the leak. Say where platform secrets should live.');
  await shot(page, 'instructor-grading');
  await page.getByRole('button', { name: 'Save grade' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const csv = await (await page.request.get('/api/instructor/gradebook.csv')).text();
  const [header, ...rows] = csv.replace(/^\uFEFF/, '').split('\r\n').map((line) => line.split(','));
  const row = rows.find((cells) => cells.includes(learner.email))!;
  const cell = (name: string) => row[header!.indexOf(name)];
  expect(cell('Name')).toBe(learner.name);
  expect(cell('Lessons completed')).toBe('1');
  expect(cell('isolation (of 12)')).toBe('6');
  expect(cell('Labs passed')).toBe('0');

  await page.goto('/instructor/');
  const dashboardRow = page.getByRole('row', { name: new RegExp(learner.email) });
  await expect(dashboardRow.getByRole('cell').nth(0)).toHaveText(/^1 \/ \d+$/); // lessons completed
  await expect(dashboardRow).toContainText('6');
  await shot(page, 'instructor-dashboard');

  await page.goto('/instructor/gradebook/');
  await expect(page.getByRole('row', { name: new RegExp(learner.email) })).toContainText('6');
  await shot(page, 'instructor-gradebook');

  const learnerContext = await browser.newContext();
  const learnerPage = await learnerContext.newPage();
  await signIn(learnerPage, learner.email, learner.password);
  await learnerPage.goto('/quizzes/isolation/');
  const result = learnerPage.locator('[data-question="shared-env"] [data-question-result]');
  await expect(result).toContainText('2 / 6 points');
  await expect(result).toContainText('Good on the leak. Say where platform secrets should live.');
  await expect(result.locator('li.met')).toHaveCount(2);
  await expect(result.locator('li.unmet')).toHaveCount(5);
  await expect(learnerPage.locator('[data-quiz-attempts]')).toContainText('6 / 12');
  await shot(learnerPage, 'quiz-graded-learner');
  await learnerPage.setViewportSize({ width: 375, height: 800 });
  await learnerPage.locator('html').evaluate((el) => el.setAttribute('data-theme', 'light'));
  await shot(learnerPage, 'quiz-graded-learner-375-light');
  await learnerContext.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('[data-account-control] button', { hasText: 'Sign out' }).first()).toBeAttached();
}
