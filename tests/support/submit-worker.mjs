// A separate process with its own connection (SQLite file or PostgreSQL), submitting attempts as fast as it can.
// argv: storeOptionsJson userId quizId allowed(number|unlimited) count startAt(ms epoch)
import '../../scripts/ts-hooks.mjs';

const [optionsJson, userId, quizId, allowed, count, startAt] = process.argv.slice(2);
const { createStore } = await import('../../src/server/store/create-store.ts');
const store = createStore(JSON.parse(optionsJson));
await store.ready();
const results = { ok: 0, refused: 0, failed: [] };
// Start together so the processes really contend for the write lock.
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
for (let i = 0; i < Number(count); i++) {
  try {
    await store.attempts.submit({
      userId: Number(userId),
      quizId,
      allowed: allowed === 'unlimited' ? null : Number(allowed),
      keyHash: 'k',
      answers: [{ questionId: 'q', response: `${process.pid}-${i}`, maxPoints: 1, status: 'graded', score: 1 }],
    });
    results.ok++;
  } catch (error) {
    if (error.code === 'conflict') results.refused++;
    else results.failed.push(String(error.message));
  }
}
await store.close();
process.stdout.write(JSON.stringify(results));
