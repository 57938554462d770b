import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { lessonSlugs } from '../support/lessons';

test.describe.configure({ timeout: 120_000 });
const shots = 'test-results/screenshots';

async function openLab(page: Page, id: string): Promise<Locator> {
  await page.goto(`/labs/${id}/`);
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  return lab;
}

async function paste(page: Page, lab: Locator, tabLabel: string, text: string) {
  await lab.getByRole('tab', { name: tabLabel, exact: true }).click();
  await lab.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

async function labIds(page: Page): Promise<string[]> {
  await page.goto('/labs/');
  const hrefs = await page.locator('main ol a[href^="/labs/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return hrefs.map((h) => h.split('/')[2]!);
}

test('at 1366×768 the response status and body are in view after Run, focus stays on Run, and the results sit beside the editor', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/building/dynamic-dispatch/');
  const id = await page.locator('section.lab').first().getAttribute('data-lab-id');
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  const run = lab.getByRole('button', { name: /^Run/ });
  await run.focus();
  await page.keyboard.press('Enter');
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 30_000 });
  await expect(lab.locator('.lab-status-line')).toBeInViewport();
  await expect(lab.locator('.lab-body')).toBeInViewport();
  await expect(run).toBeFocused();
  // Side by side: the results pane starts level with the editor, to its right.
  const code = await lab.locator('.lab-pane-code').boundingBox();
  const results = await lab.locator('.lab-pane-results').boundingBox();
  expect(results!.x).toBeGreaterThan(code!.x + code!.width - 1);
  await page.screenshot({ path: `${shots}/workbench-1366x768.png` });

  // Focus mode covers the page; Escape returns.
  await lab.getByRole('button', { name: 'Focus mode' }).click();
  await expect(lab).toHaveClass(/lab-focus/);
  const box = await lab.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(1300);
  await page.screenshot({ path: `${shots}/workbench-focus-mode.png` });
  await page.keyboard.press('Escape');
  await expect(lab).not.toHaveClass(/lab-focus/);
  await expect(lab.getByRole('button', { name: 'Focus mode' })).toBeFocused();
});

test('at 390 px the panes stack and the results are brought into view after Run', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lab = await openLab(page, 'first-dispatch');
  await lab.locator('.lab-actions').scrollIntoViewIfNeeded();
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeInViewport({ timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/workbench-390px.png` });
});

test('a typed syntax error is marked in the editor before Run, and a run error links to its line', async ({ page }) => {
  const lab = await openLab(page, 'first-dispatch');
  await paste(page, lab, 'Dispatch Worker', 'export default {\n  fetch() {\n    return new Response("x"\n  },\n};\n');
  await expect(lab.locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(lab.locator('.cm-lint-marker-error').first()).toBeVisible();
  await expect(lab.locator('.lab-status-line')).toHaveCount(0);

  // Run anyway: the server's startup error names file:line:column, marks the line and links to it.
  await lab.getByRole('button', { name: /^Run/ }).click();
  const link = lab.locator('.lab-alert .lab-location');
  await expect(link).toHaveText(/^dispatcher\.js:\d+:\d+$/, { timeout: 30_000 });
  await lab.locator('.lab-file-tab').nth(1).click();
  await link.click();
  await expect(lab.getByRole('tab', { name: 'Dispatch Worker', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(lab.locator('.cm-content')).toBeFocused();
});

test('Stop cancels a runaway run within 1 s, and the next run works', async ({ page }) => {
  const lab = await openLab(page, 'first-dispatch');
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 30_000 });
  await paste(page, lab, 'Dispatch Worker', 'export default {\n  fetch() {\n    while (true) {}\n  },\n};\n');
  await lab.getByRole('button', { name: /^Run/ }).click();
  const stop = lab.getByRole('button', { name: 'Stop' });
  await expect(lab.locator('.lab-stage')).toHaveText(/Running|Uploading|Starting/, { timeout: 30_000 });
  await expect(stop).toBeVisible();
  await expect(lab.locator('.lab-timer')).toHaveText(/\d+\.\d s/);
  const started = Date.now();
  await stop.click();
  await expect(lab.locator('.lab-alert')).toContainText('Stopped by you', { timeout: 10_000 });
  const took = Date.now() - started;
  expect(took, 'Stop → result shown (ms)').toBeLessThan(1_000);
  await expect(lab.locator('.lab-results-heading')).toBeFocused();

  await paste(page, lab, 'Dispatch Worker', "export default { fetch() { return new Response('alive again'); } };\n");
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-body')).toHaveText('alive again', { timeout: 30_000 });
});

test('Stop also ends Check my work: the remaining checks are not run', async ({ page }) => {
  const lab = await openLab(page, 'broken-customer');
  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-stage')).toHaveText(/^Check [4-7] of 7$/, { timeout: 30_000 });
  await lab.getByRole('button', { name: 'Stop' }).click();
  await expect(lab.locator('.lab-status')).toHaveText('Stopped by you.', { timeout: 10_000 });
  expect(await lab.locator('.lab-check').count()).toBeLessThan(7);
  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-progress')).toHaveText(/checks passed/, { timeout: 60_000 });
});

test('Check my work on every lab\'s starter finishes in under 5 s, with a duration per check', async ({ page }) => {
  test.setTimeout(300_000);
  for (const id of await labIds(page)) {
    await test.step(id, async () => {
      const lab = await openLab(page, id);
      // Warm the sandbox the way a learner's first Run does; the budget is for the checks themselves.
      await lab.getByRole('button', { name: /^Run/ }).click();
      await expect(lab.locator('.lab-panel[data-panel="response"] :is(.lab-status-line, .lab-alert)').first()).toBeVisible({ timeout: 30_000 });
      const started = Date.now();
      await lab.getByRole('button', { name: 'Check my work' }).click();
      await expect(lab.locator('.lab-progress')).toHaveText(/checks passed/, { timeout: 60_000 });
      const took = Date.now() - started;
      expect(took, `${id}: Check my work on the starter (ms)`).toBeLessThan(5_000);
      await expect(lab.locator('.lab-check-time').first()).toHaveText(/\d+(\.\d)? ms/);
    });
  }
});

test('keyboard: Skip to lab, dialogs centred with focus trapped and returned, Compare asks first and offers side by side', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/building/dynamic-dispatch/');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to lab');
  await page.keyboard.press('Enter');
  const lab = page.locator('section.lab').first();
  await expect(lab.locator('.lab-title')).toBeFocused();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  await expect(lab.locator('.lab-editor .cm-content')).toHaveAttribute('aria-describedby', /editor-help/);
  await expect(lab.locator('.lab-editor-help')).toContainText('Escape, then Tab');

  const reset = lab.getByRole('button', { name: 'Reset' });
  await reset.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Reset the lab?' });
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect(Math.abs(box.x + box.width / 2 - 683)).toBeLessThan(10);
  expect(Math.abs(box.y + box.height / 2 - 450)).toBeLessThan(40);
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(reset).toBeFocused();

  const compare = lab.getByRole('button', { name: 'Compare with solution' });
  await compare.click();
  const ask = page.getByRole('dialog', { name: 'Compare with the solution?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Compare' }).click();
  const diff = page.getByRole('dialog', { name: 'Your file compared with the solution' });
  await expect(diff.locator('.cm-mergeView')).toBeVisible();
  await diff.getByRole('button', { name: 'Inline' }).click();
  await expect(diff.locator('.cm-mergeView')).toHaveCount(0);
  await expect(diff.locator('.cm-editor')).toBeVisible();
  await diff.getByRole('button', { name: 'Close' }).click();
  await expect(compare).toBeFocused();
});

test('the preset menu shows the loaded preset, goals render code, and Reset keeps the PASSED badge', async ({ page, request }) => {
  const lab = await openLab(page, 'broken-customer');
  await expect(lab.locator('select[name="preset"]')).toHaveValue('0');
  await expect(lab.locator('.lab-goal code').first()).toHaveText('if (!userWorker)');
  await expect(lab.locator('.lab-goal')).not.toContainText('`');
  await lab.locator('input[name="url"]').fill('https://acme-corp.example.com/other');
  await expect(lab.locator('select[name="preset"]')).toHaveValue('');

  const solution = ((await (await request.post('/api/labs/broken-customer/solution')).json()) as { files: Record<string, string> }).files;
  await paste(page, lab, 'Dispatch Worker', solution['dispatcher.js']!);
  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-progress')).toHaveText(/All \d+ checks passed/, { timeout: 60_000 });
  await expect(lab.locator('.lab-passed-badge')).toBeVisible();
  await lab.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await expect(lab.locator('.lab-passed-badge')).toBeVisible();
});

test('the trace is a timeline with the bill beside it; choosing a hop filters the logs', async ({ page }) => {
  const lab = await openLab(page, 'first-dispatch');
  await paste(page, lab, 'Dispatch Worker', "export default {\n  fetch() {\n    console.log('dispatching');\n    console.warn('careful');\n    return new Response('ok');\n  },\n};\n");
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 30_000 });
  await lab.getByRole('tab', { name: 'Trace' }).click();
  await expect(lab.locator('.lab-hop-span').first()).toBeVisible();
  await expect(lab.locator('.lab-bill')).toContainText('CPU');
  const hop = lab.locator('.lab-hop-dispatcher .lab-hop-select').first();
  const worker = (await hop.locator('.lab-hop-name').textContent())!;
  await hop.click();
  await expect(lab.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  await expect(lab.locator('select[name="worker"]')).toHaveValue(worker);
  for (const w of await lab.locator('.lab-log-worker').allTextContents()) expect(w).toBe(worker);
  await lab.locator('select[name="level"]').selectOption('warn');
  await expect(lab.locator('.lab-log')).toHaveCount(1);
  await expect(lab.locator('.lab-log-message')).toHaveText('careful');
});

test('axe finds no serious or critical violation with results, the trace and a dialog open, in both themes', async ({ page }) => {
  const lab = await openLab(page, 'first-dispatch');
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 30_000 });
  for (const theme of ['light', 'dark'] as const) {
    await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption(theme);
    for (const state of ['results', 'trace', 'dialog'] as const) {
      if (state === 'trace') await lab.getByRole('tab', { name: 'Trace' }).click();
      if (state === 'dialog') await lab.getByRole('button', { name: 'Show solution' }).click();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(', ')}`);
      expect(serious, `${state} in ${theme} theme`).toEqual([]);
      if (state === 'dialog') await page.keyboard.press('Escape');
    }
  }
});

test('no lesson, lab, quiz or course page overflows horizontally at 360 px', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 360, height: 780 });
  const ids = await labIds(page);
  const quizzes = readdirSync('src/content/quizzes').map((f) => f.replace(/\.yaml$/, ''));
  const paths = [...lessonSlugs().map((s) => `/${s}/`), ...ids.map((id) => `/labs/${id}/`), '/labs/', '/course/', '/grades/', ...quizzes.map((q) => `/quizzes/${q}/`)];
  const wide: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    // Open every lab on the page too: its workbench must fit as well.
    for (const lab of await page.locator('section.lab').all()) {
      await lab.scrollIntoViewIfNeeded();
      await expect(lab.locator('.cm-editor')).toBeVisible();
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wide.push(`${path}: ${width}px`);
  }
  expect(wide).toEqual([]);
});

test('on a phone, diagrams keep readable labels (they scroll sideways) and open full screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/foundations/what-is-workers-for-platforms/');
  const figure = page.locator('figure.wfp-diagram').first();
  await figure.scrollIntoViewIfNeeded();
  const svgWidth = (await figure.locator('svg').boundingBox())!.width;
  expect(svgWidth).toBeGreaterThanOrEqual(600);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await figure.getByRole('button', { name: 'Open full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null)).toBe('FIGURE');
  await page.screenshot({ path: `${shots}/diagram-390px-full-screen.png` });
  await figure.getByRole('button', { name: 'Close full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
});
