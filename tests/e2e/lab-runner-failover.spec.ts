import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCourseServer, type CourseServer } from '../support/course-server';
import { startLabRunner, type RunnerProcess } from '../support/lab-runner-process';
import { sharedStore } from '../support/shared-store';

// A web process with two lab runners (LAB_RUNNERS=remote); the runner holding the learner's sandbox is killed
// with kill -9. The workbench's next Run shows one line about the move and a result, never a silent reset.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const secret = 'e2e-runner-secret-0123456789abcdefghijklmnop';
// Made in beforeAll: Playwright also loads this file in its main process, which runs no hooks.
let dataDir: string;
let runnerDirs: string[] = [];
let store: Awaited<ReturnType<typeof sharedStore>>;
let runners: RunnerProcess[] = [];
let web: CourseServer;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wfp-e2e-failover-'));
  runnerDirs = [mkdtempSync(join(tmpdir(), 'wfp-e2e-r1-')), mkdtempSync(join(tmpdir(), 'wfp-e2e-r2-'))];
  store = await sharedStore(dataDir);
  const env = { COURSE_DATA_DIR: dataDir, LAB_RUNNER_SECRET: secret, LAB_WARM_POOL: '1', ...store.env };
  runners.push(await startLabRunner({ ...env, LAB_RUNNER_DIR: runnerDirs[0]!, TMPDIR: runnerDirs[0]! }, { build: true }));
  runners.push(await startLabRunner({ ...env, LAB_RUNNER_DIR: runnerDirs[1]!, TMPDIR: runnerDirs[1]! }));
  web = await startCourseServer({ dataDir, ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}), env: { ...env, LAB_RUNNERS: 'remote' } });
});
test.afterAll(async () => {
  await web?.stop();
  await Promise.all(runners.map((r) => r.stop()));
  await store?.close();
  for (const dir of [dataDir, ...runnerDirs].filter(Boolean)) rmSync(dir, { recursive: true, force: true });
});

test('a lost lab runner costs the learner one line and a cold start, not their lab', async ({ page }) => {
  const id = 'first-dispatch';
  await page.goto(`${web.url}/labs/${id}/`);
  const lesson = (await page.locator('main p a').first().getAttribute('href'))!;
  await page.goto(`${web.url}${lesson}`);
  const lab = page.locator(`section.lab[data-lab-id="${id}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.cm-editor')).toBeVisible();
  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status-line')).toBeVisible({ timeout: 60_000 });
  await expect(lab.locator('.lab-status')).not.toContainText('moved');

  const credentials = JSON.parse((await page.evaluate((key) => sessionStorage.getItem(key), `wfp-lab-sandbox:${id}`))!) as { sandboxId: string; token: string };
  const record = await store.store.db.get<{ runner_id: string }>('SELECT runner_id FROM lab_sandboxes WHERE id = ?', [credentials.sandboxId]);
  const holder = await store.store.db.get<{ url: string }>('SELECT url FROM lab_runners WHERE id = ?', [record!.runner_id]);
  const victim = runners.find((r) => r.url === holder!.url)!;
  victim.process.kill('SIGKILL');
  await new Promise((r) => victim.process.once('exit', r));

  await lab.getByRole('button', { name: /^Run/ }).click();
  await expect(lab.locator('.lab-status')).toContainText('Your lab moved to another machine', { timeout: 60_000 });
  await expect(lab.locator('.lab-status')).toContainText('→ 200');
  // Same sandbox, same credentials: nothing was reset in the browser.
  const after = JSON.parse((await page.evaluate((key) => sessionStorage.getItem(key), `wfp-lab-sandbox:${id}`))!) as { sandboxId: string };
  expect(after.sandboxId).toBe(credentials.sandboxId);
});
