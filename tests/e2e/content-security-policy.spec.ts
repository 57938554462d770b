import { expect, test, type Page } from '@playwright/test';
import { addInstructor, signIn } from './assessment-helpers';

// The CSP must let the whole site work: collect every CSP violation the browser reports while using it.
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test.describe.configure({ timeout: 120_000 });

test('a lesson with an opened lab, a quiz, search and the instructor pages run without CSP violations', async ({ page }) => {
  const violations = watchCsp(page);
  const response = await page.goto('/isolation/isolation-and-security/');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  const lab = page.locator('section.lab[data-lab-id="shared-env-leak"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  await lab.getByRole('button', { name: /^Run/ }).first().click();
  await expect(page.locator('[data-quiz="isolation"]')).toBeVisible();
  // Pagefind search (WebAssembly).
  await page.getByRole('button', { name: 'Search' }).first().click();
  await page.keyboard.type('dispatch');
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Escape');

  const run = Date.now().toString(36);
  addInstructor(`csp-${run}@example.com`, 'instructor-password-1');
  await signIn(page, `csp-${run}@example.com`, 'instructor-password-1');
  for (const path of ['/instructor/', '/instructor/grading/', '/instructor/gradebook/', '/instructor/stats/', '/instructor/audit/', '/account/', '/quizzes/welcome/']) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
  }
  expect(violations).toEqual([]);

  // The watcher itself works: an injected inline script is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.body.append(s);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
});
