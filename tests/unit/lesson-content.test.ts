/** Every lesson follows the course's lesson contract: objectives first, then a summary and dated sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonFile, lessonSlugs } from '../support/lessons';

const EXPECTED = [
  'building/cron-and-queues',
  'building/custom-bindings',
  'building/custom-domains-and-observability',
  'building/custom-hostnames',
  'building/custom-limits',
  'building/durable-objects',
  'building/dynamic-dispatch',
  'building/outbound-workers',
  'building/rate-limiting',
  'building/static-assets',
  'building/upload-failures',
  'building/uploading-user-workers',
  'building/user-worker-secrets',
  'capstone/build-a-platform',
  'foundations/dispatch-namespaces',
  'foundations/welcome',
  'foundations/what-is-workers-for-platforms',
  'isolation/isolation-and-security',
  'operating/abuse-and-offboarding',
  'operating/api-tokens',
  'operating/dynamic-workers',
  'operating/observability',
  'operating/versions-and-rollouts',
  'pricing/pricing-and-limits',
];

const read = (slug: string) => readFileSync(lessonFile(slug), 'utf8');

describe('lessons', () => {
  it('are the twenty-four lessons, at the slugs other parts of the course link to', () => {
    expect(lessonSlugs()).toEqual(EXPECTED);
  });

  it.each(EXPECTED)('%s has objectives, a summary, sources with a check date and a sidebar order', (slug) => {
    const text = readFileSync(lessonFile(slug), 'utf8');
    expect(text).toMatch(/^---\n[\s\S]*?\nsidebar:\n\s+order: \d+\n[\s\S]*?---\n/);
    const body = text.slice(text.indexOf('\n---\n', 4));
    const objectives = body.indexOf('**After this lesson you can:**');
    const summary = body.indexOf('\n## Summary\n');
    const sources = body.indexOf('\n## Sources\n');
    expect(objectives).toBeGreaterThan(0);
    expect(summary).toBeGreaterThan(objectives);
    expect(sources).toBeGreaterThan(summary);
    // Checked when written: the first editions in September 2026, the lessons added after the December review then.
    expect(body.slice(sources)).toMatch(/(September|December) 2026/);
    expect(body.slice(sources)).toMatch(/https:\/\//);
  });

  it('are ordered in each sidebar group as the course outline says', () => {
    const outline: Record<string, string[]> = {
      foundations: ['welcome', 'what-is-workers-for-platforms', 'dispatch-namespaces'],
      building: [
        'uploading-user-workers',
        'dynamic-dispatch',
        'outbound-workers',
        'custom-limits',
        'custom-domains-and-observability',
        'durable-objects',
        'custom-hostnames',
        'static-assets',
        'user-worker-secrets',
        'upload-failures',
        'cron-and-queues',
        'custom-bindings',
        'rate-limiting',
      ],
      operating: ['observability', 'versions-and-rollouts', 'dynamic-workers', 'api-tokens', 'abuse-and-offboarding'],
      isolation: ['isolation-and-security'],
      pricing: ['pricing-and-limits'],
      capstone: ['build-a-platform'],
    };
    for (const [group, names] of Object.entries(outline)) {
      const orders = names.map((name) => {
        const match = readFileSync(lessonFile(`${group}/${name}`), 'utf8').match(/\n\s+order: (\d+)\n/);
        return Number(match?.[1]);
      });
      expect(orders.every(Number.isInteger), group).toBe(true);
      expect(orders, group).toEqual([...orders].sort((a, b) => a - b));
      expect(new Set(orders).size, group).toBe(orders.length);
    }
  });

  it('show wrangler.jsonc and wrangler.toml side by side wherever Wrangler config appears', () => {
    for (const slug of EXPECTED) {
      const text = readFileSync(lessonFile(slug), 'utf8');
      const jsonc = (text.match(/title="wrangler\.jsonc/g) ?? []).length;
      const toml = (text.match(/title="wrangler\.toml/g) ?? []).length;
      const tabs = (text.match(/<Tabs syncKey="wrangler-config">/g) ?? []).length;
      expect(toml, slug).toBe(jsonc);
      expect(tabs, slug).toBe(jsonc);
    }
  });

  it.each(EXPECTED)('%s has a Misconceptions box and the dispatcher\'s status table, before its summary', (slug) => {
    const text = read(slug);
    const summary = text.indexOf('\n## Summary\n');
    const box = text.indexOf('<Aside type="caution" title="Misconceptions">');
    const table = text.indexOf('<DispatcherStatusTable />');
    expect(box, slug).toBeGreaterThan(0);
    expect(table, slug).toBeGreaterThan(0);
    expect(box, slug).toBeLessThan(summary);
    expect(table, slug).toBeLessThan(summary);
    expect(text, slug).toContain("import DispatcherStatusTable from '../../../components/DispatcherStatusTable.astro';");
  });
});

/** One test per finding of the first edition's review that a test can pin (issue #13). */
describe('review findings stay fixed', () => {
  it('1: the outbound lesson warns that an echoing upstream hands injected secrets to tenant code', () => {
    expect(read('building/outbound-workers')).toMatch(/upstream that echoes requests hands your secret to the tenant/);
  });

  it('2: trusted mode is only for namespaces whose code you control all of', () => {
    const text = read('isolation/isolation-and-security');
    expect(text).not.toContain('or you accept the trade-off');
    expect(text).toMatch(/only if you control all the code in the namespace/);
    expect(text).toMatch(/hostile tenant picks its own cache keys/);
  });

  it('3: no lesson deletes every Cookie, Authorization or Set-Cookie header; cookie scoping is taught', () => {
    for (const slug of EXPECTED) {
      const text = read(slug);
      // Unconditionally, that is; emptying a Cookie header after filtering out the platform's cookies is fine.
      expect(text, slug).not.toMatch(/^\s*headers\.delete\('(Cookie|Authorization)'\)/m);
      // Removing Set-Cookie is only right when the customer's own cookies are put back.
      if (/headers\.delete\('Set-Cookie'\)/.test(text)) expect(text, slug).toMatch(/getSetCookie\(\)/);
    }
    expect(read('building/dynamic-dispatch')).toMatch(/Public Suffix List/);
    expect(read('building/dynamic-dispatch')).toMatch(/separate registrable domain/);
  });

  it('5: custom limits: subrequest overruns throw inside the user Worker; no wall time or memory cap, hence the 504', () => {
    const text = read('building/custom-limits');
    expect(text).toMatch(/throws \*\*inside the user Worker\*\*/);
    expect(text).toMatch(/do not cap[\s\S]{0,40}wall-clock time|CPU time and subrequests only/);
    expect(read('building/dynamic-dispatch')).toMatch(/504 Gateway Timeout/);
  });

  it('6: the API rate limit is per user, across dashboard, keys and tokens — not per token', () => {
    const text = read('pricing/pricing-and-limits');
    expect(text).not.toMatch(/1,200 requests per 5 minutes per token/);
    expect(text).toMatch(/1,200 requests per 5 minutes \*\*per user\*\*/);
  });

  it('7: lessons promise only what the labs check (routing-tables does not route by subdomain)', () => {
    expect(read('building/dynamic-dispatch')).not.toMatch(/routing-tables`\) has you route the same customers by subdomain/);
  });

  it('9: KV is not said to update everywhere at once', () => {
    expect(read('building/dynamic-dispatch')).toMatch(/60 seconds or more/);
  });

  it('10: cacheKey and resolveOverride are fetch options; tenants lose country and colo unless forwarded', () => {
    const text = read('isolation/isolation-and-security');
    expect(text).toMatch(/RequestInit\.cf/);
    expect(text).toMatch(/`country`/);
    expect(text).toMatch(/`colo`/);
  });

  it('12: the plan-limits default is not claimed for WfP; the assets binding is optional; the capstone claims no staging or admin auth', () => {
    expect(read('building/custom-limits')).not.toContain("If you set no limit, the user Worker runs with your plan's limits");
    expect(read('building/uploading-user-workers')).toMatch(/optionally, an `assets` binding/);
    const capstone = read('capstone/build-a-platform');
    expect(capstone).not.toMatch(/authenticates admin calls/);
    expect(capstone).not.toMatch(/two dispatch namespaces/);
    expect(capstone).not.toMatch(/dispatch-namespace create staging/);
  });
});

/** One test per finding of the 2026-12-06 content review (issue #20) that a test can pin. */
describe('content review 2026-12-06 findings stay fixed', () => {
  it('A1: the 2025-12-18 changelog is not cited as adding log views', () => {
    for (const slug of ['operating/observability', 'building/custom-domains-and-observability'])
      expect(read(slug), slug).not.toMatch(/dashboard can show logs by namespace, tag and binding/);
  });

  it('A2, B5: the dispatch sample drops tenant Set-Cookie headers with a Domain attribute, and CSRF on a shared site is taught', () => {
    const text = read('building/dynamic-dispatch');
    expect(text).toMatch(/function touchesPlatform\(setCookie\)/);
    expect(text).toMatch(/\^domain\\s\*=/);
    expect(text).toMatch(/same site/);
    expect(read('isolation/isolation-and-security')).toMatch(/CSRF defences on the dashboard/);
  });

  it('B3, C1: Dynamic Workers teaches globalOutbound, load() vs get() billing, limits and prices', () => {
    const text = read('operating/dynamic-workers');
    expect(text).toMatch(/globalOutbound: null/);
    expect(text).toMatch(/\$0\.002 per Dynamic Worker per day/);
    expect(text).toMatch(/4 distinct Dynamic Workers/);
    expect(text).not.toMatch(/not covered by this course's pricing facts/);
  });

  it('B4: bulk delete by tag comes with safeguards and a warning about :no', () => {
    expect(read('building/uploading-user-workers')).toMatch(/deletes every script \*\*without\*\* the tag/);
    expect(read('capstone/build-a-platform')).toMatch(/always `:yes`/);
  });

  it('B8: timeouts are recognised by an unforgeable sentinel, not a message', () => {
    for (const slug of ['building/dynamic-dispatch', 'capstone/build-a-platform']) {
      const text = read(slug);
      expect(text, slug).toMatch(/Symbol\('deadline'\)/);
      // Only as the mistake the prose warns about, never in code.
      expect(text, slug).not.toMatch(/if \(message === 'deadline'\)/);
    }
  });

  it('C2: dispatchers strip the version-selection request headers', () => {
    for (const slug of ['building/dynamic-dispatch', 'operating/versions-and-rollouts', 'capstone/build-a-platform'])
      expect(read(slug), slug).toMatch(/delete\('Cloudflare-Workers-Version-Key'\)/);
  });

  it('D1, D2: the colon rule and the trusted-mode rule are labelled as the course\'s own', () => {
    expect(read('building/uploading-user-workers')).toMatch(/recommendation of its own \(not a documented rule\)/);
    expect(read('isolation/isolation-and-security')).toMatch(/appropriate cache key isolation strategies/);
  });

  it('E2, E5: the 128 MB isolate limit and the cost of a Time Travel restore are stated', () => {
    expect(read('building/custom-limits')).toMatch(/128 MB per isolate/);
    expect(read('isolation/isolation-and-security')).toMatch(/rolls back \*\*every\*\* write/);
  });
});

