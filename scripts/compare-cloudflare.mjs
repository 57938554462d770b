// npm run compare:cloudflare -- --prefix <p> [--local http://127.0.0.1:4321] [--labs a,b] [--markdown]
// Deploys each lab's solution and the engine's semantic scenarios to a real Workers for Platforms account
// (CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN with Workers Scripts edit; CLOUDFLARE_API_BASE_URL defaults to
// https://api.cloudflare.com/client/v4) and to a sandbox of a running course server, sends the same requests
// to both, prints every difference and deletes what it deployed. CLOUDFLARE_API_BASE_URL may point at another
// course server's sandbox API instead (that is how CI tests this script).
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import './ts-hooks.mjs';

const { values } = parseArgs({
  options: {
    prefix: { type: 'string' },
    local: { type: 'string', default: process.env.COMPARE_LOCAL_URL ?? 'http://127.0.0.1:4321' },
    labs: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const fail = (message) => {
  console.error(message);
  process.exit(2);
};
if (!values.prefix || !/^[a-z0-9][a-z0-9-]{0,19}$/.test(values.prefix)) fail('Give --prefix <p>: a short name (lowercase letters, digits, "-") every namespace and Worker this run creates starts with.');
const accountId = process.env.CLOUDFLARE_ACCOUNT_ID;
const token = process.env.CLOUDFLARE_API_TOKEN;
if (!accountId || !token) fail('Set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (a token with Workers Scripts edit on that account).');
const apiBase = (process.env.CLOUDFLARE_API_BASE_URL ?? 'https://api.cloudflare.com/client/v4').replace(/\/$/, '');

const { newCourseSandbox, courseTarget, isCourseApi } = await import('../src/server/compare/targets.ts');
const { cloudflareTarget } = await import('../src/server/compare/cloudflare-target.ts');
const { semanticScenarios, labScenarios } = await import('../src/server/compare/scenarios.ts');
const { compare } = await import('../src/server/compare/run.ts');
const { markdownTable } = await import('../src/server/compare/diff.ts');

const local = await newCourseSandbox('local', values.local).catch((e) => fail(`${e.message}\nStart the course first (npm start) or pass --local <url>.`));
const remote = isCourseApi(apiBase) ? courseTarget('remote', apiBase, accountId, token) : cloudflareTarget(apiBase, accountId, token, values.prefix);
const only = values.labs?.split(',').map((s) => s.trim()).filter(Boolean);
const labsDir = fileURLToPath(new URL('../labs/', import.meta.url));
const scenarios = [...semanticScenarios, ...(await labScenarios(labsDir, only))];
const report = await compare(local, remote, scenarios, values.prefix, (line) => process.stderr.write(`… ${line}\n`));
const meta = { remote: isCourseApi(apiBase) ? `a course sandbox (${new URL(apiBase).origin})` : 'Cloudflare', when: new Date().toISOString().slice(0, 10), compared: report.compared, skipped: report.skipped };
if (values.json) console.log(JSON.stringify({ ...meta, differences: report.differences }, null, 2));
else console.log(markdownTable(report.differences, meta));
process.exit(0);
