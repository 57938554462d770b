import { describe, expect, test } from 'vitest';
import { safePath } from '../../../src/server/http/safe-path';

describe('safePath: next/redirect targets stay same-origin paths', () => {
  test.each([
    ['/\t/evil.example/phish'],
    ['/\n/evil.example'],
    ['/\r/evil.example'],
    ['/\\evil.example'],
    ['\\/evil.example'],
    ['//evil.example'],
    ['///evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [' /lessons/'],
    [''],
  ])('refuses %j', (raw) => {
    expect(safePath(raw)).toBeNull();
  });

  test.each([
    ['/', '/'],
    ['/quizzes/isolation/', '/quizzes/isolation/'],
    ['/instructor/?quiz=a&x=1#top', '/instructor/?quiz=a&x=1#top'],
    // Encoded forms stay encoded paths on this site: the browser never turns them into another host.
    ['/%09/evil.example', '/%09/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['/a/../b', '/b'],
  ])('keeps %j as %j', (raw, expected) => {
    expect(safePath(raw)).toBe(expected);
  });

  test('a path that normalises to // is refused', () => {
    expect(safePath('/.//evil.example')).toBeNull();
  });
});
