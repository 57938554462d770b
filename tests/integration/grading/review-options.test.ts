import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createGradingService } from '../../../src/server/grading/grading-service';
import { parseQuizBank } from '../../../src/server/quiz-bank/parse-bank';
import type { Store } from '../../../src/server/store/create-store';
import { serverBackend } from '../../support/postgres';
import { openTestStore, type TestStore } from '../../support/test-store';

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

let t: TestStore;
let store: Store;
beforeEach(async () => {
  t = await openTestStore(serverBackend);
  store = t.store;
});
afterEach(async () => {
  await t.cleanup();
});
const learner = async (email: string) => await store.users.create({ email, name: email, role: 'learner', passwordHash: 'x' });
const leaks = (value: unknown) => /"correct"|descriptionHtml|explanationHtml|feedbackHtml/.test(JSON.stringify(value));

describe('review options', () => {
  test('never: not even after the last attempt', async () => {
    const grading = createGradingService({ store, bank: bank((q) => ((q.review = all('never')), (q.attempts = { allowed: 1, counts: 'best' }))) });
    const ada = await learner('ada@example.com');
    const attempt = await grading.submit(ada.id, 'isolation', right);
    expect(attempt.score).toBeNull();
    expect(leaks(await grading.learnerState(ada.id, 'isolation'))).toBe(false);
  });

  test('after-close: hidden while open, shown once the close date has passed', async () => {
    const open = createGradingService({ store, bank: bank((q) => ((q.review = all('after-close')), (q.closes = iso(hour)))) });
    const ada = await learner('ada@example.com');
    await open.submit(ada.id, 'isolation', right);
    expect(leaks(await open.learnerState(ada.id, 'isolation'))).toBe(false);
    const closed = createGradingService({ store, bank: bank((q) => ((q.review = all('after-close')), (q.closes = iso(-1000)))) });
    expect(leaks(await closed.learnerState(ada.id, 'isolation'))).toBe(true);
    await expect(closed.submit(ada.id, 'isolation', right)).rejects.toThrow('This quiz is closed.');
  });

  test('a quiz that has not opened refuses submissions', async () => {
    const grading = createGradingService({ store, bank: bank((q) => (q.opens = iso(hour))) });
    const ada = await learner('ada@example.com');
    await expect(grading.submit(ada.id, 'isolation', right)).rejects.toThrow('This quiz is not open yet.');
  });

  test('an extension gives one learner more attempts and a later close', async () => {
    const grading = createGradingService({ store, bank: bank((q) => ((q.attempts = { allowed: 1, counts: 'best' }), (q.closes = iso(-1000)))) });
    const ada = await learner('ada@example.com');
    const bob = await learner('bob@example.com');
    const grace = await store.users.create({ email: 'g@example.com', name: 'g', role: 'instructor', passwordHash: 'x' });
    await store.sittings.setExtension(ada.id, 'isolation', { extraAttempts: 1, extraMinutes: 0, closeAt: iso(hour) }, grace.id);
    await grading.submit(ada.id, 'isolation', {});
    await grading.submit(ada.id, 'isolation', right);
    await expect(grading.submit(ada.id, 'isolation', right)).rejects.toThrow(/used all 2 attempts/);
    await expect(grading.submit(bob.id, 'isolation', right)).rejects.toThrow('This quiz is closed.');
  });

  test('a time limit: the attempt must be started, and extra minutes move its end', async () => {
    const grading = createGradingService({ store, bank: bank((q) => (q.timeLimitMinutes = 10)) });
    const ada = await learner('ada@example.com');
    await expect(grading.submit(ada.id, 'isolation', right)).rejects.toThrow(/Start the attempt first/);
    const started = await grading.learnerState(ada.id, 'isolation', { start: true });
    expect(Date.parse(started.current!.endsAt!) - Date.parse(started.current!.startedAt)).toBe(10 * 60_000);
    expect((await grading.submit(ada.id, 'isolation', right)).number).toBe(1);
  });
});
