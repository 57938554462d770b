import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

// The README shows the proxy configs inline; the tests run the files in deploy/. They must be the same text.
const readme = readFileSync('README.md', 'utf8');
const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(readme)?.[1];

test.each([
  ['caddyfile', 'deploy/Caddyfile'],
  ['nginx', 'deploy/nginx.conf'],
])('the README\'s %s block is %s', (lang, file) => {
  expect(block(lang)).toBe(readFileSync(file, 'utf8').replace(/\n$/, ''));
});
