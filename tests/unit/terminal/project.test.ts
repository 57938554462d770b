import { describe, expect, test } from 'vitest';
import { terminalSpecSchema, type TerminalTarget } from '../../../src/schemas/terminal';
import { projectFiles, syncedPath, terminalEnv, toFileTree, WRANGLER_VERSION } from '../../../src/server/terminal/project';
import { dotEnv, exportLines, fallbackCommands } from '../../../src/server/terminal/fallback-commands';
import { terminalSettings } from '../../../src/server/terminal/settings';
import { lessonTerminals } from '../../../src/server/terminal/lesson-terminals';
import { allLabs } from '../../../src/server/labs/registry';

const spec = terminalSpecSchema.parse({
  namespace: 'customers',
  worker: { name: 'pizza-palace', main: 'customer/index.js' },
  commands: ['npx wrangler dispatch-namespace create customers', 'npx wrangler deploy --dispatch-namespace customers'],
});
const target: TerminalTarget = { apiBase: 'http://127.0.0.1:4321/api/sandboxes/abc/client/v4', accountId: '0123456789abcdef0123456789abcdef', token: 'tok_en-With-base64url_chars' };
const wranglerJsonc = (text: string) => JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));

describe('the WebContainer project', () => {
  test('holds the lab files, a package.json pinning wrangler and a wrangler config naming the namespace', () => {
    const files = projectFiles('wfp-lab', spec, { 'dispatcher.js': 'export default {}', 'customer/index.js': 'export default { fetch() {} }' });
    expect(Object.keys(files).sort()).toEqual(['customer/index.js', 'dispatcher.js', 'package.json', 'wrangler.jsonc']);
    expect(JSON.parse(files['package.json']!)).toMatchObject({ name: 'wfp-lab', private: true, devDependencies: { wrangler: WRANGLER_VERSION } });
    expect(wranglerJsonc(files['wrangler.jsonc']!)).toEqual({ name: 'pizza-palace', main: 'customer/index.js', compatibility_date: '2026-07-01' });
    expect(files['wrangler.jsonc']).toContain('npx wrangler deploy --dispatch-namespace customers');
  });

  test('pins the wrangler the tests run', async () => {
    const pkg = (await import('../../../package.json', { with: { type: 'json' } })).default as { devDependencies: Record<string, string> };
    expect(WRANGLER_VERSION).toBe(pkg.devDependencies.wrangler);
  });

  test('lab files win over generated ones of the same name', () => {
    expect(projectFiles('x', spec, { 'wrangler.jsonc': '{"name":"mine"}' })['wrangler.jsonc']).toBe('{"name":"mine"}');
  });

  test('becomes the nested tree WebContainer mounts', () => {
    expect(toFileTree({ 'a.js': '1', 'customer/index.js': '2', 'customer/lib/x.js': '3' })).toEqual({
      'a.js': { file: { contents: '1' } },
      customer: { directory: { 'index.js': { file: { contents: '2' } }, lib: { directory: { 'x.js': { file: { contents: '3' } } } } } },
    });
  });

  test('refuses paths that leave the project or clash', () => {
    expect(() => toFileTree({ '../etc/passwd': 'x' })).toThrow(/Not a project path/);
    expect(() => toFileTree({ '/abs.js': 'x' })).toThrow(/Not a project path/);
    expect(() => toFileTree({ a: '1', 'a/b.js': '2' })).toThrow(/both a file and a folder/);
  });

  test('the environment points wrangler at the sandbox through Cloudflare\'s documented variables', () => {
    expect(terminalEnv(target)).toEqual({
      CLOUDFLARE_API_BASE_URL: target.apiBase,
      CLOUDFLARE_ACCOUNT_ID: target.accountId,
      CLOUDFLARE_API_TOKEN: target.token,
      WRANGLER_SEND_METRICS: 'false',
    });
  });

  test('only editable files sync back from the container', () => {
    const editable = new Set(['dispatcher.js', 'customer/index.js']);
    expect(syncedPath('customer/index.js', editable)).toBe('customer/index.js');
    expect(syncedPath('./dispatcher.js', editable)).toBe('dispatcher.js');
    expect(syncedPath('platform.json', editable)).toBeNull();
    expect(syncedPath('node_modules/x.js', editable)).toBeNull();
  });
});

describe('the fallback', () => {
  test('makes the project, exports the sandbox values, then runs the lesson commands', () => {
    const files = projectFiles('wfp-lab', spec, { 'customer/index.js': "const s = `$HOME ${'x'}`;\nWFP_EOF\n" });
    const commands = fallbackCommands({ folder: 'wfp-lab', target, spec, files });
    expect(commands.map((c) => c.id)).toEqual(['project', 'env', 'step-1', 'step-2']);
    expect(commands[0]!.command).toMatch(/^mkdir -p wfp-lab && cd wfp-lab\n/);
    // A line equal to the heredoc marker in a file gets a longer marker.
    expect(commands[0]!.command).toContain("cat > customer/index.js <<'WFP_EOF_'\n");
    expect(commands[0]!.command).toMatch(/npm install --no-audit --no-fund$/);
    expect(commands[1]!.command).toBe(exportLines(target));
    expect(commands[1]!.command).toContain(`export CLOUDFLARE_API_TOKEN=${target.token}`);
    expect(commands.slice(2).map((c) => c.command)).toEqual(spec.commands);
  });

  test('quotes values that the shell would change', () => {
    expect(exportLines({ ...target, token: "it's $x" })).toContain(`export CLOUDFLARE_API_TOKEN='it'\\''s $x'`);
  });

  test('.env has the same values', () => {
    expect(dotEnv(target)).toBe(`CLOUDFLARE_API_BASE_URL=${target.apiBase}\nCLOUDFLARE_ACCOUNT_ID=${target.accountId}\nCLOUDFLARE_API_TOKEN=${target.token}\nWRANGLER_SEND_METRICS=false\n`);
  });
});

describe('settings and pages', () => {
  test('LAB_TERMINAL and WEBCONTAINER_CLIENT_ID', () => {
    expect(terminalSettings({})).toEqual({ enabled: true, clientId: null });
    expect(terminalSettings({ LAB_TERMINAL: 'off', WEBCONTAINER_CLIENT_ID: ' wc_123 ' })).toEqual({ enabled: false, clientId: 'wc_123' });
    expect(terminalSettings({ LAB_TERMINAL: 'ON' }).enabled).toBe(true);
    expect(() => terminalSettings({ LAB_TERMINAL: 'maybe' })).toThrow(/LAB_TERMINAL must be "on" or "off"/);
  });

  test('every lesson terminal names a lab with a terminal, or brings its own project', () => {
    const labs = new Map(allLabs().map((l) => [l.definition.id, l]));
    for (const t of lessonTerminals) {
      if (t.labId) {
        expect(labs.get(t.labId)?.definition.terminal, t.slug).toBeTruthy();
        expect(labs.get(t.labId)!.definition.lesson).toBe(t.lesson);
      } else expect(t.files?.[t.spec!.worker.main], t.slug).toBeTypeOf('string');
    }
    for (const lab of allLabs().filter((l) => l.definition.terminal)) expect(lessonTerminals.some((t) => t.labId === lab.definition.id), lab.definition.id).toBe(true);
  });
});

describe('lessons that teach wrangler', () => {
  test('each has a terminal page, linked from the lesson', async () => {
    const { lessonFile, lessonSlugs } = await import('../../support/lessons');
    const { readFileSync } = await import('node:fs');
    const teaching = lessonSlugs().filter((slug) => /^\s*npx wrangler /m.test(readFileSync(lessonFile(slug), 'utf8')));
    expect(teaching.length).toBeGreaterThan(0);
    for (const slug of teaching) {
      const page = lessonTerminals.find((t) => t.lesson === slug);
      expect(page, `${slug} teaches wrangler but has no entry in src/server/terminal/lesson-terminals.ts`).toBeDefined();
      expect(readFileSync(lessonFile(slug), 'utf8'), slug).toContain(`<TerminalLink slug="${page!.slug}" />`);
    }
  });
});
