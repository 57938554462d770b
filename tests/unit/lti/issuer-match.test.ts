import { expect, test } from 'vitest';
import { issuerMismatch } from '../../../src/server/lti/registration';

const at = (u: string) => new URL(u);

test('the configuration URL must be under the issuer: same origin, path prefix at a / boundary', () => {
  expect(issuerMismatch('https://lms.example.com', at('https://lms.example.com/.well-known/openid-configuration'))).toBeUndefined();
  expect(issuerMismatch('https://lms.example.com/', at('https://lms.example.com/api/lti/config'))).toBeUndefined();
  expect(issuerMismatch('https://lms.example.com/moodle', at('https://lms.example.com/moodle/mod/lti/openid-configuration.php'))).toBeUndefined();
});

test('attacker hosts and ports that merely start with the issuer are refused, naming the mismatch', () => {
  expect(issuerMismatch('https://lms.example.com', at('https://lms.example.com.attacker.net/.well-known/openid-configuration'))).toBe(
    "the issuer's origin https://lms.example.com is not the configuration URL's origin https://lms.example.com.attacker.net",
  );
  expect(issuerMismatch('http://127.0.0.1:4711', at('http://127.0.0.1:47111/.well-known/openid-configuration'))).toContain('http://127.0.0.1:47111');
  expect(issuerMismatch('https://lms.example.com', at('http://lms.example.com/.well-known/openid-configuration'))).toContain("origin");
  expect(issuerMismatch('https://lms.example.com/moodle', at('https://lms.example.com/moodle-evil/config'))).toBe(
    "the configuration URL's path /moodle-evil/config is not under the issuer's path /moodle",
  );
  expect(issuerMismatch('not a url', at('https://lms.example.com/x'))).toContain('not a URL');
});
