/** Every lesson objective is practised: each maps (src/lib/curriculum/objectives.ts) to labs and quiz questions that exist. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dispatcherStatuses } from '../../src/lib/curriculum/dispatcher-statuses';
import { objectives } from '../../src/lib/curriculum/objectives';
import { parseQuiz } from '../../src/schemas/quiz';
import { allLabs } from '../../src/server/labs/registry';
import { lessonFile, lessonSlugs } from '../support/lessons';

const QUIZ_DIR = join(process.cwd(), 'src/content/quizzes');
const quizzes = readdirSync(QUIZ_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parseQuiz(parse(readFileSync(join(QUIZ_DIR, f), 'utf8')), f));
const questionRefs = new Set(quizzes.flatMap((q) => q.questions.map((x) => `${q.id}/${x.id}`)));
const labRefs = new Set(allLabs().map((l) => `lab:${l.definition.id}`));

/** The "After this lesson you can:" bullets of a lesson, in order. */
function bulletsOf(slug: string): string[] {
  const body = readFileSync(lessonFile(slug), 'utf8').split('**After this lesson you can:**')[1] ?? '';
  const bullets: string[] = [];
  for (const line of body.split('\n').slice(1)) {
    if (line.startsWith('- ')) bullets.push(line.slice(2));
    else if (line.trim() === '' && bullets.length > 0) break;
  }
  return bullets;
}

describe('lesson objectives', () => {
  it('are mapped for every lesson, and only for lessons that exist', () => {
    expect(Object.keys(objectives).sort()).toEqual(lessonSlugs());
  });

  it.each(lessonSlugs())('%s: the map lists the lesson\'s objectives, word for word and in order', (slug) => {
    expect(objectives[slug]!.map((o) => o.text)).toEqual(bulletsOf(slug));
    const ids = objectives[slug]!.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(lessonSlugs())('%s: every objective is practised by at least one lab or quiz question that exists', (slug) => {
    for (const o of objectives[slug]!) {
      expect(o.practisedBy.length, `${slug}#${o.id}`).toBeGreaterThan(0);
      for (const ref of o.practisedBy) {
        const known = ref.startsWith('lab:') ? labRefs.has(ref) : questionRefs.has(ref);
        expect(known, `${slug}#${o.id} → ${ref}`).toBe(true);
      }
    }
  });

  it('practise every lab somewhere', () => {
    const used = new Set(Object.values(objectives).flatMap((list) => list.flatMap((o) => o.practisedBy)));
    for (const lab of labRefs) expect(used.has(lab), lab).toBe(true);
  });

  it('the dispatcher status table covers 404, 429, 500, 502, 503 and 504, and names labs that exist', () => {
    expect(dispatcherStatuses.map((r) => r.status)).toEqual([404, 429, 500, 502, 503, 504]);
    for (const row of dispatcherStatuses) if (row.lab) expect(labRefs.has(`lab:${row.lab}`), row.lab).toBe(true);
    // Custom limits cap CPU and subrequests only: the 504 row must say why a deadline is needed.
    expect(dispatcherStatuses.find((r) => r.status === 504)!.detect).toMatch(/never wall-clock time or memory/);
  });
});
