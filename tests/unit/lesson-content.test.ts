/** Every lesson follows the course's lesson contract: objectives first, then a summary and dated sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonFile, lessonSlugs } from '../support/lessons';

const EXPECTED = [
  'building/custom-domains-and-observability',
  'building/custom-limits',
  'building/dynamic-dispatch',
  'building/outbound-workers',
  'building/uploading-user-workers',
  'capstone/build-a-platform',
  'foundations/dispatch-namespaces',
  'foundations/welcome',
  'foundations/what-is-workers-for-platforms',
  'isolation/isolation-and-security',
  'pricing/pricing-and-limits',
];

describe('lessons', () => {
  it('are the eleven lessons, at the slugs other parts of the course link to', () => {
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
    expect(body.slice(sources)).toMatch(/September 2026/);
    expect(body.slice(sources)).toMatch(/https:\/\//);
  });

  it('are ordered in each sidebar group as the course outline says', () => {
    const outline: Record<string, string[]> = {
      foundations: ['welcome', 'what-is-workers-for-platforms', 'dispatch-namespaces'],
      building: ['uploading-user-workers', 'dynamic-dispatch', 'outbound-workers', 'custom-limits', 'custom-domains-and-observability'],
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
});
