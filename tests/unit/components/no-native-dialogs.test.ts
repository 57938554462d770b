import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|astro|js|mjs|css)$/.test(name) ? [path] : [];
  });

test('no native confirm() or alert() anywhere in src/: the pages use their own <dialog>s (#22)', () => {
  const found = files('src').flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((text, i) => (/(^|[^\w.$])(window\.)?(confirm|alert|prompt)\s*\(/.test(text) ? [`${path}:${i + 1}: ${text.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});
