import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addInstructor, learnerSubmits, signIn } from './assessment-helpers';

const run = Date.now().toString(36);
const instructor = { email: `book-${run}@example.com`, password: 'instructor-password-1' };

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  await learnerSubmits(`zed-book-${run}@example.com`, 'welcome', [{ 'labs-runtime': 'a', 'account-needed': ['c', 'd'] }]);
  await learnerSubmits(`amy-book-${run}@example.com`, 'welcome', [{ 'labs-runtime': 'b' }]);
  addInstructor(instructor.email, instructor.password);
});

test('the gradebook: lesson groups in course order with titles, every lab, totals, sorting, sticky headers', async ({ page }) => {
  await signIn(page, instructor.email, instructor.password);
  await page.goto('/instructor/gradebook/');
  const book = page.locator('table[data-gradebook]');
  const groups = await book.locator('thead tr').first().locator('th.lesson').allTextContents();
  // Course order: the welcome lesson first, the capstone last; titles, not slugs.
  expect(groups[0]).toMatch(/Welcome/i);
  expect(groups.at(-1)).toBe('Totals');
  expect(groups.join(' ')).not.toMatch(/\//);
  // Every lab has a column from the start, passed by someone or not.
  const labCount = readdirSync('labs', { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  await expect(book.locator('thead th', { hasText: /^Lab: / })).toHaveCount(labCount);
  await expect(book.getByRole('button', { name: 'Quiz %' })).toBeVisible();
  const zed = book.getByRole('row', { name: new RegExp(`zed-book-${run}`) });
  await expect(zed).toContainText('%');
  // Sticky header cells.
  expect(await book.locator('thead th').first().evaluate((el) => getComputedStyle(el).position)).toBe('sticky');

  // Sort by quiz points, descending: Zed (more points) above Amy.
  const points = book.getByRole('button', { name: 'Quiz points' });
  await points.click();
  await points.click();
  await expect(points.locator('xpath=..')).toHaveAttribute('aria-sort', 'descending');
  const names = await book.locator('tbody th[scope=row]').allTextContents();
  const zi = names.findIndex((n) => n.includes(`zed-book-${run}`));
  const ai = names.findIndex((n) => n.includes(`amy-book-${run}`));
  expect(zi).toBeLessThan(ai);
  await page.screenshot({ path: 'test-results/screenshots/gradebook.png', fullPage: true });

  // Statistics per question, with facility and discrimination.
  await page.goto('/instructor/stats/?quiz=welcome');
  await expect(page.getByRole('columnheader', { name: 'Facility' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Discrimination' })).toBeVisible();
  await expect(page.locator('[data-question-stats="labs-runtime"] [data-facility]')).not.toHaveText('–');

  // The CSV stays formula-safe and carries the totals.
  const csv = await (await page.request.get('/api/instructor/gradebook.csv')).text();
  expect(csv.split('\r\n')[0]).toContain('Quiz %');
});
