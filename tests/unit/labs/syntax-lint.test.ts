import { expect, test } from 'vitest';
import { findSyntaxError } from '../../../src/components/lab/syntax-lint';

test('JavaScript, TypeScript and JSON parse errors are found with their line and column', () => {
  expect(findSyntaxError('dispatcher.js', 'export default { fetch() { return 1; } };')).toBeNull();
  const js = findSyntaxError('dispatcher.js', 'export default {\n  fetch() {\n    return new Response("x"\n  },\n};\n');
  expect(js).toMatchObject({ line: 4 });
  expect(js!.message).not.toMatch(/\(\d+:\d+\)$/);
  expect(findSyntaxError('worker.ts', 'const x: number = 1;\nexport default { fetch(r: Request) { return new Response(String(x)); } };')).toBeNull();
  expect(findSyntaxError('worker.js', 'const x: number = 1;')).toMatchObject({ line: 1 });
  expect(findSyntaxError('platform.json', '{\n  "a": 1,\n}')).toMatchObject({ line: 3 });
});
