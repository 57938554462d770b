import { expect, test } from '@playwright/test';

test('a signed-in learner sees sidebar ticks, the course overview with "continue", and My grades', async ({ page }) => {
  const email = `progress-${Date.now()}@example.com`;
  await page.goto('/sign-up/?next=/foundations/welcome/');
  await page.getByLabel('Name').fill('Pat');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('learner-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/foundations\/welcome\/$/);

  await page.getByRole('button', { name: 'Mark lesson complete' }).click();
  await expect(page.getByRole('button', { name: '✓ Lesson complete' })).toBeVisible();
  await page.reload();
  const link = page.locator('nav[aria-label="Main"] a[href="/foundations/welcome/"]');
  await expect(link.locator('.lesson-tick')).toBeVisible();

  await page.getByRole('link', { name: 'Course overview' }).first().click();
  await expect(page).toHaveURL(/\/course\/$/);
  await expect(page.locator('[data-section="foundations"] [data-section-progress]')).toHaveText(/^\(1 of \d+ done\)$/);
  await expect(page.locator('[data-lesson="foundations/welcome"] .course-done')).toBeVisible();
  await expect(page.getByRole('link', { name: /^Continue where you left off: / })).toHaveAttribute('href', '/foundations/what-is-workers-for-platforms/');

  await page.getByRole('link', { name: 'My grades' }).first().click();
  await expect(page.locator('[data-grades-status]')).toHaveText('You have not submitted a quiz yet.');
  await expect(page.locator('.my-grades tbody tr').first()).toContainText('Not taken');
});

test('anonymous readers are asked to sign in on My grades and the overview', async ({ page }) => {
  await page.goto('/grades/');
  await expect(page.locator('[data-grades-status]')).toContainText('Sign in to see your grades.');
  await page.goto('/course/');
  await expect(page.getByText('Sign in to keep your progress')).toBeVisible();
  await expect(page.getByRole('link', { name: /^Start the course/ })).toHaveAttribute('href', '/foundations/welcome/');
});
