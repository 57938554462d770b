import { expect, test, type Locator, type Page } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

async function openLab(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  return lab;
}

/** Types a file into the editor the way a learner pastes it: select all, then insert the text. */
async function paste(page: Page, lab: Locator, tabLabel: string, text: string) {
  await lab.getByRole('tab', { name: tabLabel, exact: true }).click();
  await lab.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

async function runChecks(lab: Locator) {
  const progress = lab.locator('.lab-progress');
  const before = (await progress.count()) > 0 ? ((await progress.textContent()) ?? '') : '';
  await lab.getByRole('button', { name: 'Check my work' }).click();
  // Checks may finish before "Running" can be seen: wait for this run's summary, not the last one's.
  await expect(progress).not.toHaveText(before);
  await expect(progress).toHaveText(/checks passed/, { timeout: 90_000 });
  return (await progress.textContent()) ?? '';
}

/** The lesson a lab belongs to, read from the lab's own page. */
async function lessonOf(page: Page, id: string): Promise<string> {
  await page.goto(`/labs/${id}/`);
  return (await page.locator('main p a').first().getAttribute('href'))!;
}

async function labIds(page: Page): Promise<string[]> {
  await page.goto('/labs/');
  const hrefs = await page.locator('main ol a[href^="/labs/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  // Terminal labs need wrangler for their checks: tests/e2e/terminal.spec.ts covers them.
  return hrefs.map((h) => h.split('/')[2]!).filter((id) => id !== 'deploy-from-terminal');
}

test('every lab, on its lesson page: starter fails, pasting the solution passes, a request shows logs and trace', async ({ page, request }) => {
  const ids = await labIds(page);
  expect(ids.length).toBeGreaterThanOrEqual(6);
  // Each lab takes 10–20 s here (two check runs and a run); the budget grows with the number of labs.
  test.setTimeout(60_000 + ids.length * 25_000);
  for (const id of ids) {
    await test.step(id, async () => {
      const lesson = await lessonOf(page, id);
      expect(lesson).toMatch(/^\/[a-z-]+\/[a-z-]+\/$/);
      const lab = await openLab(page, lesson, id);
      expect(await runChecks(lab)).toMatch(/^\d+ of \d+ checks passed\.$/);
      await expect(lab.locator('.lab-check.failed').first()).toBeVisible();

      const solution = ((await (await request.post(`/api/labs/${id}/solution`)).json()) as { files: Record<string, string> }).files;
      const tabs = lab.locator('.lab-files [role="tab"]');
      for (const [path, text] of Object.entries(solution)) {
        const label = (await tabs.filter({ has: page.locator(`xpath=self::*[@data-path="${path}"]`) }).first().textContent())!.trim();
        await paste(page, lab, label, text);
      }
      expect(await runChecks(lab)).toMatch(/^All \d+ checks passed\. Lab complete!$/);

      await lab.getByRole('button', { name: /^Run/ }).click();
      await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 30_000 });
      await lab.getByRole('tab', { name: 'Trace' }).click();
      await expect(lab.locator('.lab-hop').first()).toContainText('Dispatch Worker');
      await lab.getByRole('tab', { name: 'Logs' }).click();
      await expect(lab.locator('.lab-panel[data-panel="logs"]')).not.toBeEmpty();
      await page.screenshot({ path: `test-results/screenshots/lab-${id}-solved.png`, fullPage: true });
    });
  }
});

test('a runaway dispatcher is reported with the limit it hit, and the page stays usable', async ({ page }) => {
  const lab = await openLab(page, '/labs/first-dispatch/', 'first-dispatch');
  await paste(page, lab, 'Dispatch Worker', 'export default {\n  fetch() {\n    while (true) {}\n  },\n};\n');
  await page.keyboard.press('Control+Enter');
  await expect(lab.locator('.lab-alert')).toContainText('CPU', { timeout: 30_000 });
  await expect(lab.locator('.lab-status')).toContainText('infinite loop');
  await page.screenshot({ path: 'test-results/screenshots/lab-runaway-contained.png', fullPage: true });

  await paste(page, lab, 'Dispatch Worker', "export default { fetch() { return new Response('alive again'); } };\n");
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-body')).toHaveText('alive again', { timeout: 30_000 });
});

test('a syntax error points at the file and line', async ({ page }) => {
  const lab = await openLab(page, '/labs/first-dispatch/', 'first-dispatch');
  await paste(page, lab, 'Dispatch Worker', 'export default {\n  fetch() {\n    return new Response("x"\n  },\n};\n');
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-alert')).toContainText(/dispatcher\.js:\d+/, { timeout: 30_000 });
});

test('work is kept across a reload, and Reset brings the starter back', async ({ page }) => {
  const lab = await openLab(page, '/labs/routing-tables/', 'routing-tables');
  await paste(page, lab, 'Dispatch Worker', '// my routing work in progress\nexport default { fetch() { return new Response("wip"); } };\n');
  await page.waitForTimeout(500);
  await page.reload();
  const again = page.locator('section.lab[data-lab-id="routing-tables"]');
  await expect(again.locator('.cm-content')).toContainText('my routing work in progress');
  await expect(again.locator('.lab-status')).toContainText('Restored your work');
  await again.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await expect(again.locator('.cm-content')).toContainText('Routing is hard-coded');
});

test('hints appear one at a time and the lab is usable at 375 px in the light theme', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  const lab = await openLab(page, '/labs/outbound-worker/', 'outbound-worker');
  await lab.getByRole('button', { name: 'Hint' }).click();
  await expect(lab.locator('.lab-hints li')).toHaveCount(1);
  await lab.getByRole('button', { name: /^Hint/ }).click();
  await expect(lab.locator('.lab-hints li')).toHaveCount(2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/lab-375px-light.png', fullPage: true });
});
