import { expect, test } from '@playwright/test';

test('a learner opens the first lesson, finds lesson 2 with search and switches theme', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Start with the first lesson' }).click();
  await expect(page).toHaveURL(/\/foundations\/welcome\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();

  await page.getByRole('button', { name: 'Search' }).click();
  const searchBox = page.getByRole('dialog', { name: 'Search' }).getByRole('textbox', { name: 'Search' });
  await searchBox.fill('dispatch namespace');
  const result = page.getByRole('dialog').getByRole('link', { name: /What Workers for Platforms is/ }).first();
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/what-is-workers-for-platforms/);
  await expect(page.getByRole('heading', { level: 1, name: 'What Workers for Platforms is' })).toBeVisible();
  await expect(page.locator('.expressive-code').first()).toBeVisible();

  const html = page.locator('html');
  const themeSelect = page.getByRole('combobox', { name: 'Select theme' }).first();
  await themeSelect.selectOption('light');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await themeSelect.selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');

  await page.screenshot({ path: 'test-results/screenshots/first-lesson-dark.png', fullPage: true });
});
