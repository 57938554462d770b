import { mkdirSync, rmSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './tests/support/browser';

const port = Number(process.env.E2E_PORT ?? 4399);

// A fresh data directory per run. The config is loaded again in each worker; the environment variable, set once by
// the main process, gives the workers (and tests that run CLI commands) the same directory.
if (!process.env.E2E_DATA_DIR) {
  rmSync('test-results/e2e-data', { recursive: true, force: true });
  process.env.E2E_DATA_DIR = `test-results/e2e-data/run-${Date.now()}`;
  mkdirSync(process.env.E2E_DATA_DIR, { recursive: true });
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  // Serves the build made by `npm test` (or `npm run build`), with its own throwaway data directory.
  webServer: {
    command: 'node scripts/serve.mjs',
    url: `http://127.0.0.1:${port}/api/health`,
    env: { PORT: String(port), HOST: '127.0.0.1', COURSE_DATA_DIR: process.env.E2E_DATA_DIR },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
