import { expect, test } from 'vitest';
import { getAppInfo } from '../../src/server/app-info';
import pkg from '../../package.json' with { type: 'json' };

test('app info names this package and the running Node', () => {
  expect(getAppInfo()).toEqual({ name: pkg.name, version: pkg.version, node: process.versions.node });
});
