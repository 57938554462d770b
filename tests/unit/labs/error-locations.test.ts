import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../../src/server/lab-engine';
import { withLabLocations, toLabLocation } from '../../../src/server/labs/error-locations';
import { LabSourceError, toJavaScript } from '../../../src/server/labs/transpile';

const result = (over: Partial<RunResult>): RunResult => ({
  runId: 'r',
  status: null,
  headers: {},
  body: '',
  bodyTruncated: false,
  logs: [],
  logsTruncated: false,
  trace: { hops: [], billing: { requests: 1, cpuMs: 0, cpuMeasurement: '' } },
  error: null,
  durationMs: 1,
  ...over,
});

describe('error locations in the learner\'s files', () => {
  test('a TypeScript file maps its transpiled line back to the original line', async () => {
    const source = ['interface Env {', '  NAME: string;', '}', '', 'export default {', '  fetch(_r: Request, env: Env) {', '    throw new Error(env.NAME);', '  },', '};', ''].join('\n');
    const { code, lineMap } = await toJavaScript('dispatcher.ts', source);
    const generatedLine = code.split('\n').findIndex((l) => l.includes('throw new Error')) + 1;
    const column = code.split('\n')[generatedLine - 1]!.indexOf('throw') + 1;
    const modules = new Map([['dispatcher.js', { file: 'dispatcher.ts', lineMap: lineMap! }]]);
    expect(toLabLocation(modules, { file: 'dispatcher.js', line: generatedLine, column })).toEqual({ file: 'dispatcher.ts', line: 7, column: 5 });
  });

  test('a TypeScript parse error names file:line:column and carries the location', async () => {
    const error = await toJavaScript('dispatcher.ts', 'export default {\n  fetch() {\n    return new Response("x"\n  },\n};\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabSourceError);
    expect((error as LabSourceError).location).toMatchObject({ file: 'dispatcher.ts', line: 4 });
    expect((error as LabSourceError).message).toMatch(/^dispatcher\.ts:4:\d+: /);
  });

  test('positions named in a message or an engine location are mapped; unknown modules are left alone', () => {
    const modules = new Map([['tenants/acme.js', { file: 'tenants/acme.js' }]]);
    const mapped = withLabLocations(
      result({
        error: { kind: 'startup', message: 'Uncaught SyntaxError: Unexpected token at /lab/tenants/acme.js:3:9' },
        logs: [
          { worker: 'acme', level: 'error', message: 'Uncaught Error: x', timestamp: 1, location: { file: 'tenants/acme.js', line: 5, column: 2 } },
          { worker: 'acme', level: 'error', message: 'at other.js:1:1', timestamp: 2 },
          { worker: 'acme', level: 'log', message: 'tenants/acme.js:1:1 is only text', timestamp: 3 },
        ],
      }),
      modules,
    );
    expect(mapped.error?.location).toEqual({ file: 'tenants/acme.js', line: 3, column: 9 });
    expect(mapped.logs[0]!.location).toEqual({ file: 'tenants/acme.js', line: 5, column: 2 });
    expect(mapped.logs[1]!.location).toBeUndefined();
    expect(mapped.logs[2]!.location).toBeUndefined();
  });

  test('a timeout gets no location from unrelated log lines', () => {
    const modules = new Map([['dispatcher.js', { file: 'dispatcher.js' }]]);
    const mapped = withLabLocations(
      result({ error: { kind: 'timeout', message: 'No response' }, logs: [{ worker: 'd', level: 'error', message: 'dispatcher.js:2:3', timestamp: 1 }] }),
      modules,
    );
    expect(mapped.error?.location).toBeUndefined();
  });
});
