import { expect, test } from '@playwright/test';
import { addInstructor, learnerSubmits, signIn } from './assessment-helpers';

const run = Date.now().toString(36);
const shared = `It leaks the admin database ${run} to every customer.`;
const early = `Early draft ${run} that no longer counts.`;
const other = `Bindings ${run} are shared through env, which is different.`;
const instructor = { email: `desk-${run}@example.com`, password: 'instructor-password-1' };

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  // isolation: 2 attempts, the last counts. Ada's first attempt does not count and must not be queued.
  await learnerSubmits(`ada-desk-${run}@example.com`, 'isolation', [{ 'shared-env': early }, { 'shared-env': shared }]);
  await learnerSubmits(`bob-desk-${run}@example.com`, 'isolation', [{ 'shared-env': shared }]);
  await learnerSubmits(`cy-desk-${run}@example.com`, 'isolation', [{ 'shared-env': shared.toUpperCase().replace('.', '!!') }]);
  await learnerSubmits(`dee-desk-${run}@example.com`, 'isolation', [{ 'shared-env': other }]);
  addInstructor(instructor.email, instructor.password);
});

test('the desk queues only counting answers, groups identical ones, and grades a group with shortcuts', async ({ page }) => {
  await signIn(page, instructor.email, instructor.password);
  await page.goto('/instructor/grading/?quiz=isolation&question=shared-env&anon=1');
  const desk = page.locator('[data-grading-desk]');
  await expect(desk).toBeVisible();
  await expect(page.getByText(early)).toHaveCount(0);
  await expect(desk.locator('[data-progress]')).toContainText(/\d+ of \d+ graded/);
  const before = Number((await desk.locator('[data-progress] strong').textContent())!.split(' ')[0]);

  // Our group: three answers (one differs only in case and punctuation), shown once, names hidden.
  await page.getByRole('link', { name: '3 answers' }).first().click();
  await expect(page.getByRole('heading', { name: /Group of 3 identical answers/ })).toBeVisible();
  await expect(desk.locator('[data-learner-answer]')).toHaveText(shared);
  await expect(desk.locator('[data-group-members] li')).toHaveCount(3);
  await expect(desk.getByText(`ada-desk-${run}`)).toHaveCount(0);
  // The rubric panel stays in view while the answers scroll.
  expect(await page.locator('.rubric-panel').evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
  await page.screenshot({ path: 'test-results/screenshots/grading-desk.png', fullPage: true });

  // 1 toggles the first rubric item, S saves the whole group and moves on.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('1');
  await expect(page.locator('input[name=rubric][data-key="1"]')).toBeChecked();
  await expect(page.locator('output[data-rubric-total]')).toHaveText(/^1 \/ \d+$/);
  await page.keyboard.press('s');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(desk.locator('[data-progress] strong')).toHaveText(`${before + 3} of ${(await desk.locator('[data-progress] strong').textContent())!.split(' of ')[1]}`);

  // J and K move to the next and previous answer (Dee's answer was submitted after our group's first).
  await page.getByRole('link', { name: '3 answers' }).first().click();
  const group = new URL(page.url()).searchParams.get('group');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await expect(page).not.toHaveURL(new RegExp(`group=${group}(&|$)`));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('k');
  await expect(page).toHaveURL(new RegExp(`group=${group}(&|$)`));
});

test('a per-answer override, and a warning when the same text got different scores', async ({ page }) => {
  await signIn(page, instructor.email, instructor.password);
  await page.goto('/instructor/grading/?quiz=isolation&question=shared-env&anon=1');
  await page.getByRole('link', { name: '3 answers' }).first().click();
  await page.locator('[data-group-members] a[data-override]').first().click();
  await expect(page.locator('[data-group-members]')).toHaveCount(0);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('2');
  await page.keyboard.press('s');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('[data-conflicts]')).toContainText('The same answer has received different scores');
  await expect(page.locator('[data-conflicts]')).toContainText(shared.slice(0, 30));
});
