import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import { createStore, type Store } from '../../../src/server/store/create-store';

const isolationYaml = readFileSync('tests/fixtures/quizzes/isolation.yaml', 'utf8');
const bank = (mutate: (quiz: Record<string, unknown>) => void) => {
  const data = parse(isolationYaml) as Record<string, unknown>;
  mutate(data);
  return parseQuizBank([{ name: 'isolation.yaml', text: stringify(data) }]);
};
const all = (when: string) => ({ marks: when, correctness: when, answers: when, explanations: when, rubric: when });
const right = { 'user-bindings': 'own', 'untrusted-mode': ['request-cf', 'shared-cache'], 'shared-env': 'It leaks.' };
const hour = 3600_000;
const iso = (offset: number) => new Date(Date.now() + offset).toISOString();

let dataDir: string;
let store: Store;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'course-review-'));
  store = createStore({ dataDir });
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const learner = (email: string) => store.users.create({ email, name: email, role: 'learner', passwordHash: 'x' });
const leaks = (value: unknown) => /"correct"|descriptionHtml|explanationHtml|feedbackHtml/.test(JSON.stringify(value));

describe('review options', () => {
  test('never: not even after the last attempt', () => {
    const grading = createGradingService({ store, bank: bank((q) => ((q.review = all('never')), (q.attempts = { allowed: 1, counts: 'best' }))) });
    const ada = learner('ada@example.com');
    const attempt = grading.submit(ada.id, 'isolation', right);
    expect(attempt.score).toBeNull();
    expect(leaks(grading.learnerState(ada.id, 'isolation'))).toBe(false);
  });

  test('after-close: hidden while open, shown once the close date has passed', () => {
    const open = createGradingService({ store, bank: bank((q) => ((q.review = all('after-close')), (q.closes = iso(hour)))) });
    const ada = learner('ada@example.com');
    open.submit(ada.id, 'isolation', right);
    expect(leaks(open.learnerState(ada.id, 'isolation'))).toBe(false);
    const closed = createGradingService({ store, bank: bank((q) => ((q.review = all('after-close')), (q.closes = iso(-1000)))) });
    expect(leaks(closed.learnerState(ada.id, 'isolation'))).toBe(true);
    expect(() => closed.submit(ada.id, 'isolation', right)).toThrow('This quiz is closed.');
  });

  test('a quiz that has not opened refuses submissions', () => {
    const grading = createGradingService({ store, bank: bank((q) => (q.opens = iso(hour))) });
    const ada = learner('ada@example.com');
    expect(() => grading.submit(ada.id, 'isolation', right)).toThrow('This quiz is not open yet.');
  });

  test('an extension gives one learner more attempts and a later close', () => {
    const grading = createGradingService({ store, bank: bank((q) => ((q.attempts = { allowed: 1, counts: 'best' }), (q.closes = iso(-1000)))) });
    const ada = learner('ada@example.com');
    const bob = learner('bob@example.com');
    const grace = store.users.create({ email: 'g@example.com', name: 'g', role: 'instructor', passwordHash: 'x' });
    store.sittings.setExtension(ada.id, 'isolation', { extraAttempts: 1, extraMinutes: 0, closeAt: iso(hour) }, grace.id);
    grading.submit(ada.id, 'isolation', {});
    grading.submit(ada.id, 'isolation', right);
    expect(() => grading.submit(ada.id, 'isolation', right)).toThrow(/used all 2 attempts/);
    expect(() => grading.submit(bob.id, 'isolation', right)).toThrow('This quiz is closed.');
  });

  test('a time limit: the attempt must be started, and extra minutes move its end', () => {
    const grading = createGradingService({ store, bank: bank((q) => (q.timeLimitMinutes = 10)) });
    const ada = learner('ada@example.com');
    expect(() => grading.submit(ada.id, 'isolation', right)).toThrow(/Start the attempt first/);
    const started = grading.learnerState(ada.id, 'isolation', { start: true });
    expect(Date.parse(started.current!.endsAt!) - Date.parse(started.current!.startedAt)).toBe(10 * 60_000);
    expect(grading.submit(ada.id, 'isolation', right).number).toBe(1);
  });
});
