import { existsSync } from 'node:fs';

/**
 * The Chromium to drive. CHROMIUM_PATH overrides; otherwise Debian's /usr/bin/chromium when present;
 * otherwise undefined, which lets Playwright use a browser it installed itself.
 */
export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Flags that keep headless Chromium quiet on a machine with no outside network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
