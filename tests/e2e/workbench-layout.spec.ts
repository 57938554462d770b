import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

async function openLab(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  return lab;
}

const box = async (l: Locator) => (await l.boundingBox())!;
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('in a lesson at 1366×768 the editor is at least 560 px wide, the toolbar is one row, and hints sit under the failing check', async ({ page }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const lab = await openLab(page, '/building/dynamic-dispatch/', 'first-dispatch');
  expect((await box(lab.locator('.lab-editor'))).width).toBeGreaterThanOrEqual(560);
  // Without focus mode: the lab stays in the lesson, and the "On this page" column gives way while a lab is there.
  await expect(lab).not.toHaveClass(/lab-focus/);
  await expect(page.locator('.right-sidebar-container')).toBeHidden();
  const tops = await lab.locator('.lab-actions > button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);

  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-progress')).toHaveText(/^\d+ of \d+ checks passed/, { timeout: 90_000 });
  const scrollBefore = await page.evaluate(() => scrollY);
  await lab.getByRole('button', { name: 'Hint' }).click();
  const failing = lab.locator('.lab-check.failed').first();
  await expect(failing.locator('.lab-check-hints li')).toHaveText(/^Hint 1: /);
  await expect(lab.locator('.lab-status')).toContainText('under the failing check');
  // Nothing scrolled, and the hint is on screen next to the check it helps with.
  expect(await page.evaluate(() => scrollY)).toBe(scrollBefore);
  await expect(failing.locator('.lab-check-hints')).toBeInViewport();
  await page.screenshot({ path: info.outputPath('lesson-lab-hint-1366.png') });

  await page.setViewportSize({ width: 390, height: 844 });
  await lab.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: info.outputPath('lesson-lab-390.png') });
});

test('the trace is a waterfall: start offsets on a time axis, and identical subrequests grouped', async ({ page }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const lab = await openLab(page, '/building/custom-limits/', 'custom-limits');
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 30_000 });
  await lab.getByRole('tab', { name: 'Trace' }).click();
  const trace = lab.locator('.lab-panel[data-panel="trace"]');
  await expect(trace.locator('.lab-waterfall-axis .lab-waterfall-tick').first()).toHaveText('0 ms');
  // Ten calls to the same origin with the same status are one row: "10 × inventory.example 200, a–b ms".
  await expect(trace.locator('.lab-hop-group')).toHaveText(/^10 × inventory\.example 200, \d+(\.\d)?(–\d+(\.\d)?)? ms$/);
  await expect(trace.locator('.lab-hop')).toHaveCount(3);
  // Each row's bar starts at its offset on the shared axis: the user Worker starts after the dispatcher.
  const lefts = await trace.locator('.lab-hop-span').evaluateAll((spans) => spans.map((s) => parseFloat((s as HTMLElement).style.left)));
  expect(lefts[0]).toBe(0);
  expect(lefts[1]!).toBeGreaterThanOrEqual(lefts[0]!);
  await expect(trace.locator('.lab-hop-facts').first()).toHaveText(/^starts at \d+(\.\d)? ms, takes /);
  await trace.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('trace-1366.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await trace.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('trace-390.png') });
});

for (const width of [1366, 390]) {
  test(`the terminal fallback reads at ${width} px: a full-width column, Copy beside the commands, no dead-end link`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: width > 500 ? 768 : 844 });
    const lab = await openLab(page, '/building/uploading-user-workers/', 'deploy-from-terminal');
    await lab.getByRole('tab', { name: 'Terminal', exact: true }).click();
    const panel = lab.locator('.lab-terminal');
    await expect(panel).toHaveAttribute('data-terminal', 'fallback');
    await expect(panel.locator('.terminal-reason')).toHaveCount(1);
    await expect(page.getByText(/No WebContainer licence is configured/)).toHaveCount(1);
    await expect(page.locator('main a[href^="/terminal/"]')).toHaveCount(0);
    const main = await box(panel.locator('.terminal-main'));
    const panelBox = await box(panel);
    expect(main.width).toBeGreaterThan(panelBox.width * 0.6);
    for (const code of await panel.locator('.terminal-code').all()) {
      const pre = await box(code.locator('pre'));
      const copy = await box(code.locator('.terminal-copy'));
      expect(overlaps(pre, copy)).toBe(false);
      expect(pre.width).toBeGreaterThan(width > 500 ? 300 : 200);
    }
    const reason = panel.locator('.terminal-reason');
    // Words wrap between words: the sentence takes a few lines, not one syllable per line.
    const lines = await reason.evaluate((p) => Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)));
    expect(lines).toBeLessThanOrEqual(width > 500 ? 5 : 10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: info.outputPath(`terminal-tab-${width}.png`) });

    await page.goto('/terminal/dispatch-namespaces/');
    const standalone = page.locator('.terminal-standalone .lab-terminal');
    await expect(standalone).toHaveAttribute('data-terminal', 'fallback');
    for (const code of await standalone.locator('.terminal-code').all()) expect(overlaps(await box(code.locator('pre')), await box(code.locator('.terminal-copy')))).toBe(false);
    await page.screenshot({ path: info.outputPath(`terminal-page-${width}.png`), fullPage: true });
  });
}

test('axe: no serious violation on the lesson, lab, course and grades pages, with Starlight\'s search button included', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  for (const path of ['/', '/foundations/welcome/', '/building/dynamic-dispatch/', '/course/', '/grades/', '/labs/first-dispatch/', '/sign-in/', '/terminal/dispatch-namespaces/']) {
    await page.goto(path);
    await expect(page.locator('site-search button[data-open-modal]')).not.toHaveAttribute('aria-label', /.*/);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, path).toEqual([]);
  }
  await expect(page.getByRole('button', { name: /^Search/ })).toBeVisible();
});
