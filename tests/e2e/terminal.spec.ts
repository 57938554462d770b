import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { runInBash } from '../support/terminal';

test.describe.configure({ timeout: 120_000 });
// Copy buttons write to the clipboard; the test reads it back.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function openTerminalTab(page: Page, path: string): Promise<Locator> {
  await page.goto(path);
  const lab = page.locator('section.lab[data-lab-id="deploy-from-terminal"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  await lab.getByRole('tab', { name: 'Terminal', exact: true }).click();
  await expect(lab.locator('.lab-terminal')).toBeVisible();
  return lab;
}

const shownCommands = (host: Locator) =>
  host.locator('.terminal-step').evaluateAll((steps) =>
    steps.map((s, i) => ({ id: i === 0 ? 'project' : i === 1 ? 'env' : `step-${i - 1}`, title: s.querySelector('.terminal-step-title')!.textContent!, command: s.querySelector('code')!.textContent! })),
  );

test('on the lesson page the Terminal tab falls back: why, the commands, copy buttons, and the commands work as shown', async ({ page, baseURL }) => {
  const lab = await openTerminalTab(page, '/building/uploading-user-workers/');
  const panel = lab.locator('.lab-terminal');
  // Without a licence no page of this server can start the terminal: one sentence says so, and no link leads to a
  // terminal page that cannot start either (#22).
  await expect(panel.locator('.terminal-reason')).toHaveText(/^No WebContainer licence is configured on this server \(WEBCONTAINER_CLIENT_ID\)/);
  await expect(panel.getByRole('link', { name: 'Open the terminal page' })).toHaveCount(0);
  await expect(page.locator('main a[href^="/terminal/"]')).toHaveCount(0);

  const commands = await shownCommands(panel);
  expect(commands.map((c) => c.command.split('\n')[0])).toEqual([
    'mkdir -p wfp-deploy-from-terminal && cd wfp-deploy-from-terminal',
    expect.stringMatching(new RegExp(`^export CLOUDFLARE_API_BASE_URL=${baseURL}/api/sandboxes/[\\w-]+/client/v4$`)),
    'npx wrangler dispatch-namespace create customers',
    'npx wrangler deploy --dispatch-namespace customers',
  ]);
  expect(commands[1]!.command).toMatch(/^export CLOUDFLARE_ACCOUNT_ID=[0-9a-f]{32}$/m);
  expect(commands[1]!.command).toMatch(/^export CLOUDFLARE_API_TOKEN=\S+$/m);

  // Copying works, for a command and for the .env snippet.
  await panel.getByRole('button', { name: `Copy ${commands[1]!.title}` }).click();
  await expect(panel.locator('.terminal-live')).toHaveText(`Copied ${commands[1]!.title}.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(commands[1]!.command);
  await panel.getByRole('button', { name: 'Copy .env snippet' }).click();
  const dotEnv = await page.evaluate(() => navigator.clipboard.readText());
  expect(dotEnv).toMatch(/^CLOUDFLARE_API_BASE_URL=http.*\nCLOUDFLARE_ACCOUNT_ID=[0-9a-f]{32}\nCLOUDFLARE_API_TOKEN=\S+\nWRANGLER_SEND_METRICS=false\n$/);
  await expect(panel.locator('.terminal-copy', { hasText: 'Copied' })).toHaveCount(2);

  const axe = await new AxeBuilder({ page }).include('section.lab[data-lab-id="deploy-from-terminal"] .lab-terminal').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The commands exactly as the page shows them, pasted into a terminal: the page's sandbox changes.
  await expect(panel.locator('.terminal-sandbox-list')).toHaveText('No dispatch namespaces yet.');
  const dir = mkdtempSync(join(tmpdir(), 'wfp-e2e-terminal-'));
  try {
    const run = await runInBash(commands, dir);
    expect(run.code, run.output).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel.locator('.terminal-sandbox-list')).toHaveText('Namespace "customers": pizza-palace');

  // With the namespace and the customer deployed from the terminal, a routing dispatcher passes every check.
  await lab.getByRole('tab', { name: /^Dispatch Worker/ }).click();
  await lab.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  const solution = ((await (await page.request.post('/api/labs/deploy-from-terminal/solution')).json()) as { files: Record<string, string> }).files;
  await page.keyboard.insertText(solution['dispatcher.js']!);
  await lab.getByRole('button', { name: 'Check my work' }).click();
  await expect(lab.locator('.lab-progress')).toHaveText(/^All 4 checks passed/, { timeout: 90_000 });
});

test('a terminal page is cross-origin isolated; without a licence it says so and shows the commands', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/terminal/dispatch-namespaces/');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  const panel = page.locator('.terminal-standalone .lab-terminal');
  await expect(panel.locator('.terminal-reason')).toHaveText(/^No WebContainer licence is configured on this server \(WEBCONTAINER_CLIENT_ID\)/);
  const commands = await shownCommands(panel);
  expect(commands.slice(2).map((c) => c.command)).toEqual([
    'npx wrangler dispatch-namespace create production',
    'npx wrangler dispatch-namespace create staging',
    'npx wrangler dispatch-namespace list',
    'npx wrangler dispatch-namespace get production',
    'npx wrangler dispatch-namespace rename staging staging-eu',
    'npx wrangler dispatch-namespace delete staging-eu',
  ]);
  await panel.getByRole('button', { name: `Copy ${commands[2]!.title}` }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(commands[2]!.command);
  await expect(panel.locator('.terminal-sandbox-list')).toHaveText('No dispatch namespaces yet.');
  // Isolation broke nothing on the page: no blocked resource, no script error.
  expect(errors).toEqual([]);
});

test('the lab\'s terminal page opens the Terminal tab by itself', async ({ page }) => {
  await page.goto('/terminal/uploading-user-workers/');
  const lab = page.locator('section.lab[data-lab-id="deploy-from-terminal"]');
  await expect(lab.getByRole('tab', { name: 'Terminal', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(lab.locator('.lab-terminal .terminal-reason')).toHaveText(/^No WebContainer licence is configured/);
  await expect(lab.locator('.lab-terminal').getByRole('link', { name: 'Open the terminal page' })).toHaveCount(0);
});

test('after Reset the terminal follows the lab\'s new sandbox', async ({ page }) => {
  const lab = await openTerminalTab(page, '/labs/deploy-from-terminal/');
  const panel = lab.locator('.lab-terminal');
  const envStep = panel.locator('.terminal-step').nth(1).locator('code');
  await expect(envStep).toContainText('CLOUDFLARE_API_BASE_URL=');
  const before = await envStep.textContent();
  await lab.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(envStep).not.toHaveText(before!);
  await expect(envStep).toContainText(/CLOUDFLARE_API_BASE_URL=\S+\/api\/sandboxes\/[\w-]+\/client\/v4/);
});
