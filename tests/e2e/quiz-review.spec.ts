import { expect, test } from '@playwright/test';

const run = Date.now().toString(36);

test.describe.configure({ mode: 'serial', timeout: 120_000 });

async function signUp(page: import('@playwright/test').Page, who: string) {
  await page.goto('/sign-up/');
  await page.getByLabel('Name').fill(who);
  await page.getByLabel('Email').fill(`${who}-${run}@example.com`);
  await page.getByLabel('Password').fill('learner-password-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).not.toHaveURL(/sign-up/);
  await expect(page.locator('[data-account-control] button', { hasText: 'Sign out' }).first()).toBeAttached();
}

test('after-attempt review (the practice quiz): verdicts, keys and explanations right after submitting', async ({ page }) => {
  await signUp(page, 'practice');
  await page.goto('/quizzes/welcome/');
  const quiz = page.locator('[data-quiz="welcome"]');
  await quiz.getByLabel('In your browser\'s JavaScript engine').check();
  await quiz.getByRole('button', { name: 'Submit answers' }).click();
  await page.locator('dialog.page-dialog').getByRole('button', { name: 'Submit' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toContainText('Attempt 1 submitted');
  await expect(quiz.locator('[data-question="labs-runtime"] [data-question-result]')).toContainText('0 / ');
  await expect(quiz.locator('[data-question="labs-runtime"] [data-option]', { hasText: 'In workerd on the course server' })).toHaveAttribute('data-verdict', 'correct');
  await expect(quiz.locator('[data-question="labs-runtime"] .quiz-explanation')).toBeVisible();
});

test('after-last-attempt review (the default): nothing before the last attempt, everything after it', async ({ page }) => {
  await signUp(page, 'graded');
  await page.goto('/quizzes/isolation/');
  const quiz = page.locator('[data-quiz="isolation"]');
  await quiz.getByRole('button', { name: 'Submit answers' }).click();
  await page.locator('dialog.page-dialog').getByRole('button', { name: 'Submit' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toContainText('Attempt 1 submitted');
  await expect(quiz.locator('[data-question-result]').first()).toContainText('Submitted');
  await expect(quiz.locator('[data-verdict="correct"], [data-verdict="wrong"]')).toHaveCount(0);
  await expect(quiz.locator('.quiz-explanation, .quiz-feedback, .quiz-rubric')).toHaveCount(0);
  await quiz.getByRole('button', { name: 'Submit a new attempt' }).click();
  await page.locator('dialog.page-dialog').getByRole('button', { name: 'Submit' }).click();
  await expect(quiz.locator('[data-quiz-status]')).toContainText('Attempt 2 submitted');
  await expect(quiz.locator('[data-option][data-verdict="correct"]').first()).toBeVisible();
  await expect(quiz.locator('.quiz-explanation').first()).toBeVisible();
});

test('options appear in the attempt’s own order, the same after a reload', async ({ page }) => {
  await signUp(page, 'order');
  await page.goto('/quizzes/dispatch-worker/');
  const options = page.locator('[data-quiz="dispatch-worker"] fieldset[data-type="single"]').first().locator('[data-option]');
  await expect(page.locator('[data-quiz-remaining]')).toContainText('attempts left');
  const first = await options.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.option));
  await page.reload();
  await expect(page.locator('[data-quiz-remaining]')).toContainText('attempts left');
  expect(await options.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.option))).toEqual(first);
});
