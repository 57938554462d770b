import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { lessonSlugs } from '../support/lessons';

/** Lessons come from the content folder, so a new lesson is visited without editing this file. */
const slugs = lessonSlugs();

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('the sidebar lists every lesson, in course order', async ({ page }) => {
  await page.goto('/foundations/welcome/');
  const hrefs = await page
    .locator('nav[aria-label="Main"] ul.top-level a[href]')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const sidebar = hrefs.map((h) => h.replace(/^\/|\/$/g, ''));
  expect([...sidebar].sort()).toEqual([...slugs].sort());
  // Foundations first, capstone last; lesson 1 before lesson 2.
  expect(sidebar.slice(0, 3)).toEqual([
    'foundations/welcome',
    'foundations/what-is-workers-for-platforms',
    'foundations/dispatch-namespaces',
  ]);
  expect(sidebar.at(-1)).toBe('capstone/build-a-platform');
});

for (const slug of slugs) {
  test(`lesson ${slug}: loads without console errors and has no serious accessibility violations`, async ({ page }) => {
    // Two full axe scans per page; on a shared two-core machine a long lesson takes ~30 s.
    test.setTimeout(120_000);
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`/${slug}/`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('After this lesson you can:')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Sources', exact: true })).toBeVisible();

    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        // Starlight's search button is scanned too: its override names it by its visible text (#22).
        .analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, `${slug} in ${theme} theme`).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
}

test('diagrams have text alternatives and follow the light and dark themes', async ({ page }) => {
  await page.goto('/foundations/what-is-workers-for-platforms/');
  const diagrams = page.locator('figure.wfp-diagram svg[role="img"]');
  await expect(diagrams).toHaveCount(2);
  for (const svg of await diagrams.all()) {
    await expect(svg).toHaveAccessibleName(/.+/);
    await expect(svg).toHaveAccessibleDescription(/.+/);
  }

  const lifecycle = page.locator('figure.wfp-diagram').filter({ has: page.getByRole('img', { name: 'The request lifecycle in Workers for Platforms' }) });
  const colours: Record<string, string> = {};
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await lifecycle.scrollIntoViewIfNeeded();
    colours[theme] = await lifecycle.locator('rect.box').first().evaluate((el) => getComputedStyle(el).fill);
    await lifecycle.screenshot({ path: `test-results/screenshots/diagram-request-lifecycle-${theme}.png` });
  }
  expect(colours.light).not.toBe(colours.dark);
});
