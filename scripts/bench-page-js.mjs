// Prints how much JavaScript (gzipped) a lesson page loads before its lab is opened, from the build in dist/.
// Counts the page's module scripts (external and inline) and everything they import statically; dynamic
// import() chunks (the lab workbench, CodeMirror, Babel) load only when a lab opens, so they are not counted.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve('dist/client');
const budget = 30 * 1024;
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['building/dynamic-dispatch', 'foundations/dispatch-namespaces', 'building/custom-limits'];
if (!existsSync(root)) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}

const gz = (text) => gzipSync(text, { level: 9 }).length;
const staticImports = (code) => [...code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w$*{},\s]+from\s*)?["']([^"']+)["']/g), ...code.matchAll(/\bexport\s*[\w$*{},\s]*from\s*["']([^"']+)["']/g)].map((m) => m[1]);

function collect(file, seen) {
  if (seen.has(file) || !existsSync(file)) return;
  seen.add(file);
  for (const spec of staticImports(readFileSync(file, 'utf8'))) if (spec.startsWith('.') || spec.startsWith('/')) collect(spec.startsWith('/') ? join(root, spec) : resolve(dirname(file), spec), seen);
}

let worst = 0;
for (const page of pages) {
  const html = readFileSync(join(root, page, 'index.html'), 'utf8');
  const seen = new Set();
  let inline = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const [, attrs, body] = m;
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /src="([^"]+)"/.exec(attrs)?.[1];
    if (src) collect(join(root, src), seen);
    else if (body.trim()) {
      inline += gz(body);
      for (const spec of staticImports(body)) if (spec.startsWith('/')) collect(join(root, spec), seen);
    }
  }
  const files = [...seen].reduce((sum, f) => sum + gz(readFileSync(f)), 0);
  const total = files + inline;
  worst = Math.max(worst, total);
  console.log(`/${page}/: ${(total / 1024).toFixed(1)} KB gzipped (${seen.size} files + inline scripts) before the lab opens`);
}
console.log(`Budget: ${(budget / 1024).toFixed(0)} KB. Largest: ${(worst / 1024).toFixed(1)} KB. ${worst <= budget ? 'Within budget.' : 'OVER BUDGET.'}`);
process.exit(worst <= budget ? 0 : 1);
