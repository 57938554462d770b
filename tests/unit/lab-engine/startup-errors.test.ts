import { describe, expect, test } from 'vitest';
import { cleanStartupError, locationOf } from '../../../src/server/lab-engine/startup-errors';

describe('cleanStartupError', () => {
  test('a Worker Loader startup failure becomes one line with its location', () => {
    const raw = "Failed to start Worker:\nUncaught SyntaxError: Unexpected token ';'\n  at dispatcher.js:15:10";
    expect(cleanStartupError(raw)).toEqual({
      message: "Uncaught SyntaxError: Unexpected token ';' at dispatcher.js:15:10",
      location: { file: 'dispatcher.js', line: 15, column: 10 },
    });
  });

  test('a structured log record from Miniflare leaves no JSON fragments', () => {
    const raw = 'The Workers runtime failed to start.\n{"message":"Uncaught SyntaxError: Unexpected token \';\'\\n  at /lab/dispatcher.js:15:10","context_depth":0}';
    const clean = cleanStartupError(raw);
    expect(clean.message).toBe("Uncaught SyntaxError: Unexpected token ';' at dispatcher.js:15:10");
    expect(clean.location).toEqual({ file: 'dispatcher.js', line: 15, column: 10 });
  });

  test('a missing module names the module that imports it', () => {
    const raw = 'Failed to start Worker:\nUncaught Error: No such module "helper.js".\n  imported from "src/index.js"';
    expect(cleanStartupError(raw).message).toBe('Uncaught Error: No such module "helper.js". (imported from src/index.js)');
  });

  test('locations skip the lab\'s generated modules', () => {
    expect(locationOf('at __lab_prelude.js:40:3\n    at Object.fetch (/lab/src/index.js:2:9)')).toEqual({ file: 'src/index.js', line: 2, column: 9 });
  });
});
