// `npm run lab-runner`: builds the runner (the lab engine and the labs, which use Vite's import.meta.glob
// and ?raw imports) into dist/lab-runner/ and starts it. Settings: README, "Scaling out".
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/lab-runner`;
const entry = `${out}/main.mjs`;

if (process.env.LAB_RUNNER_SKIP_BUILD !== '1' || !existsSync(entry)) {
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: 'src/server/lab-runner/main.ts',
      outDir: out,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { output: { entryFileNames: 'main.mjs' } },
    },
  });
}
if (!existsSync(entry) || statSync(entry).size === 0) {
  console.error('The lab runner build did not produce dist/lab-runner/main.mjs.');
  process.exit(1);
}
// bench:cluster builds once, then starts several runners with LAB_RUNNER_SKIP_BUILD=1.
if (process.env.LAB_RUNNER_BUILD_ONLY !== '1') await import(pathToFileURL(entry).href);
