/**
 * Checks the quiz content files (src/content/quizzes/*.yaml) with the quiz engine's own schema, and what a
 * schema cannot: one quiz per lesson, embedded in it; links to existing lessons and labs; answers that agree
 * with the course's data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { calculateBill } from '../../src/lib/pricing/calculate';
import { parseQuiz, type Quiz } from '../../src/schemas/quiz';
import { allLabs } from '../../src/server/labs/registry';
import { lessonFile, lessonSlugs } from '../support/lessons';

const QUIZ_DIR = join(process.cwd(), 'src/content/quizzes');
const quiz = { parse: (data: unknown, file = '(quiz)') => parseQuiz(data, file) };


const files = readdirSync(QUIZ_DIR).filter((f) => f.endsWith('.yaml'));
const quizzes = files.map((file) => ({ file, data: parse(readFileSync(join(QUIZ_DIR, file), 'utf8')) as unknown }));
/** Quizzes of the second edition's lessons. */
const ADDED_QUIZZES = ['durable-objects', 'custom-hostnames', 'static-assets', 'user-worker-secrets', 'observability', 'versions-and-rollouts', 'dynamic-workers', 'upload-failures', 'api-tokens', 'abuse-and-offboarding', 'rate-limiting', 'cron-and-queues', 'custom-bindings'];
const parsed = (): Quiz[] => quizzes.map(({ file, data }) => quiz.parse(data, file));

describe('quiz content', () => {
  it('has one quiz file per lesson', () => {
    expect(files.length).toBe(lessonSlugs().length);
    expect(new Set(parsed().map((q) => q.lesson))).toEqual(new Set(lessonSlugs()));
  });

  it.each(quizzes)('$file matches the quiz schema', ({ file, data }) => {
    expect(() => quiz.parse(data, file)).not.toThrow();
  });

  it('embeds each quiz at the end of its lesson, and each lab on its lesson page', () => {
    for (const q of parsed()) expect(readFileSync(lessonFile(q.lesson), 'utf8'), q.lesson).toContain(`<Quiz id="${q.id}" />`);
    for (const lab of allLabs()) expect(readFileSync(lessonFile(lab.definition.lesson), 'utf8'), lab.definition.id).toContain(`<Lab id="${lab.definition.id}" />`);
  });

  it('only asks about labs that exist', () => {
    const labs = allLabs().map((l) => l.definition.id);
    for (const q of parsed()) for (const x of q.questions) if (x.type === 'lab') expect(labs, `${q.id}/${x.id}`).toContain(x.lab);
  });

  it('uses ids that equal file names and are unique', () => {
    const ids = parsed().map((q) => q.id);
    expect(ids).toEqual(files.map((f) => basename(f, '.yaml')));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('points every quiz at an existing lesson', () => {
    for (const q of parsed()) expect(lessonSlugs(), q.id).toContain(q.lesson);
  });

  it('gives questions unique ids and options unique ids within each quiz', () => {
    for (const q of parsed()) {
      const questionIds = q.questions.map((x) => x.id);
      expect(new Set(questionIds).size, q.id).toBe(questionIds.length);
      for (const x of q.questions) {
        if (x.type !== 'single' && x.type !== 'multiple') continue;
        const optionIds = x.options.map((o) => o.id);
        expect(new Set(optionIds).size, `${q.id}/${x.id}`).toBe(optionIds.length);
      }
    }
  });

  it('gives single-choice questions exactly one correct option and multiple-choice at least one', () => {
    for (const q of parsed()) {
      for (const x of q.questions) {
        if (x.type === 'single') expect(x.options.filter((o) => o.correct).length, `${q.id}/${x.id}`).toBe(1);
        if (x.type === 'multiple') expect(x.options.filter((o) => o.correct).length, `${q.id}/${x.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('makes rubric points add up to the question points', () => {
    for (const q of parsed()) {
      for (const x of q.questions) {
        if (x.type === 'text') expect(x.rubric.reduce((s, r) => s + r.points, 0), `${q.id}/${x.id}`).toBe(x.points);
      }
    }
  });

  it('asks the shared-env question about how the leak really happens, with a rubric that rewards the response', () => {
    const isolation = parsed().find((q) => q.id === 'isolation')!;
    const text = isolation.questions.find((x) => x.id === 'shared-env');
    if (text?.type !== 'text') throw new Error('shared-env must be a text question');
    expect(text.prompt).toContain('passes its `env`');
    // The three real paths of the leak: bindings on the upload, secrets in headers/outbound parameters, RPC stubs.
    expect(text.prompt).toMatch(/upload metadata carries the dispatcher's bindings/);
    expect(text.prompt).toMatch(/header or an outbound parameter/);
    expect(text.prompt).toMatch(/over RPC/);
    expect(text.rubric.map((r) => r.id)).toEqual(['leak', 'isolation', 'fix', 'write-access', 'no-rls', 'incident', 'scoped']);
    const rubric = Object.fromEntries(text.rubric.map((r) => [r.id, r.description]));
    expect(rubric['write-access']).toMatch(/UPDATE.*DELETE.*DROP/);
    expect(rubric['no-rls']).toMatch(/no row-level security/);
    expect(rubric.incident).toMatch(/keep_bindings/);
    expect(rubric.incident).toMatch(/rotate/);
    expect(rubric.incident).toMatch(/Time Travel/);
    expect(rubric.scoped).toMatch(/WorkerEntrypoint.*props/);
  });

  it('asks the strip-headers question about a shared domain, without rewarding "strip every Cookie and Authorization"', () => {
    const q = parsed().find((x) => x.id === 'dispatch-worker')!.questions.find((x) => x.id === 'strip-headers');
    if (q?.type !== 'multiple') throw new Error('strip-headers must be a multiple-choice question');
    expect(q.prompt).toMatch(/share your domain/);
    for (const o of q.options.filter((x) => x.correct)) expect(o.text).toMatch(/platform's own/);
    expect(q.options.find((o) => /whole `Cookie` and `Authorization`/.test(o.text))?.correct).toBeFalsy();
  });

  it('puts the correct option first in no question it adds (the assessment branch re-orders the older ones)', () => {
    const added: Record<string, string[]> = {
      'custom-limits': ['subrequest-overrun', 'wall-time', 'no-limit'],
      'outbound-workers': ['origin-not-hostname'],
      pricing: ['api-rate-limit'],
      welcome: ['outcomes', 'fit'],
      'uploading-user-workers': ['wrangler-deploy'],
      capstone: ['threat-controls'],
    };
    for (const q of parsed()) {
      const ids = q.questions.filter((x) => added[q.id]?.includes(x.id) || ADDED_QUIZZES.includes(q.id));
      for (const x of ids) if (x.type === 'single' || x.type === 'multiple') expect(x.options[0]?.correct, `${q.id}/${x.id}`).toBeFalsy();
    }
  });

  it('computes the pricing quiz bill from the course price table', () => {
    const pricing = parsed().find((q) => q.id === 'pricing')!;
    const bill = pricing.questions.find((x) => x.id === 'bill');
    expect(bill?.type).toBe('numeric');
    // The prompt's usage: 50 M requests, 4 ms average CPU, 1,500 user Workers.
    expect(bill?.prompt).toMatch(/50 million requests.*4 ms.*1,500 user Workers/);
    const expected = calculateBill({ monthlyRequests: 50_000_000, avgCpuMsPerRequest: 4, scripts: 1_500 }).totalCents / 100;
    expect(bill?.type === 'numeric' && bill.answer).toBeCloseTo(expected, 2);
  });
});
