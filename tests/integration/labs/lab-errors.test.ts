import { afterAll, expect, test } from 'vitest';
import { allLabs } from '../../../src/server/labs/registry';
import { createLabSandbox } from '../../../src/server/labs/lab-sandbox';
import { runLab } from '../../../src/server/labs/lab-runs';
import { testEngine } from '../../support/lab-engine';

// A learner's broken file is a run result that points into their own file, in clean text.
const engine = testEngine({ maxSandboxes: 2, limits: { runTimeoutMs: 3_000 } });
afterAll(() => engine.close());
const lab = allLabs().find((l) => l.definition.id.includes('first-dispatch'))!;

test('a syntax error in the dispatcher is a startup result located in dispatcher.js', async () => {
  const sandbox = await createLabSandbox(engine, lab);
  const broken = `export default {\n  async fetch(request, env) {\n    return new Response('x');;\n  },,\n};\n`;
  const run = await runLab(sandbox, lab, { 'dispatcher.js': broken }, { url: 'https://acme-corp.example.com/' });
  expect(run.error).toMatchObject({ kind: 'startup', location: { file: 'dispatcher.js', line: 4, column: expect.any(Number) } });
  expect(run.error!.message).toMatch(/^Uncaught SyntaxError: .+ at dispatcher\.js:4:\d+$/);
  expect(run.error!.message).not.toMatch(/context_depth|[{}]"/);
});

test('an uncaught exception is logged with its location in the learner\'s file', async () => {
  const sandbox = await createLabSandbox(engine, lab);
  const throws = `export default {\n  async fetch(request, env) {\n    const customer = null;\n    return new Response(customer.name);\n  },\n};\n`;
  const run = await runLab(sandbox, lab, { 'dispatcher.js': throws }, { url: 'https://acme-corp.example.com/' });
  expect(run.status).toBe(500);
  const uncaught = run.logs.find((l) => l.message.startsWith('Uncaught TypeError'))!;
  expect(uncaught).toMatchObject({ worker: 'dispatcher', level: 'error', location: { file: 'dispatcher.js', line: 4 } });
  expect(uncaught.message).toMatch(/at dispatcher\.js:4:\d+$/);
});
