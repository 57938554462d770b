// npm run test:postgres — the store-touching integration tests again, with every server on PostgreSQL.
// Uses TEST_DATABASE_URL (a server where the tests may create databases) or a throwaway local cluster; fails when
// neither is there unless SKIP_POSTGRES_TESTS=1 says to skip on purpose, so a run never passes without PostgreSQL.
import { spawnSync } from 'node:child_process';

// Files whose servers and services use the store (accounts, sessions, quizzes, grading, progress, LTI, limits).
// The store's own tests (tests/integration/store, LTI outbox claims) already run on both in `npm run test:integration`.
const files = [
  'tests/integration/grading',
  'tests/integration/progress',
  'tests/integration/lti',
  'tests/integration/auth',
  'tests/integration/instructor-add.test.ts',
  'tests/integration/http/accounts-and-audit.test.ts',
  'tests/integration/http/quiz-api.test.ts',
  'tests/integration/http/crash-recovery.test.ts',
  'tests/integration/http/class-announcements.test.ts',
];

if (!process.env.TEST_DATABASE_URL && process.env.SKIP_POSTGRES_TESTS === '1') {
  console.log('test:postgres skipped (SKIP_POSTGRES_TESTS=1).');
  process.exit(0);
}
// Without TEST_DATABASE_URL the integration project's global setup starts a throwaway cluster from Debian's
// postgresql (tests/support/postgres-setup.ts); without PostgreSQL installed the tests fail and say what to set.
const { existsSync } = await import('node:fs');
const present = files.filter((f) => existsSync(f));
const result = spawnSync('vitest', ['run', '--project', 'integration', ...present], {
  stdio: 'inherit',
  env: { ...process.env, TEST_STORE: 'postgres' },
});
process.exit(result.status ?? 1);
