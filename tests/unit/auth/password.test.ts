import { expect, test } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/server/auth/password';

test('hashes with scrypt, a random salt per hash, and verifies only the right password', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  expect(a).toMatch(/^scrypt\$65536\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('correct horse battery', a)).toBe(true);
  expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  expect(await verifyPassword('', a)).toBe(false);
});

test('a tampered or malformed hash never verifies', async () => {
  const hash = await hashPassword('correct horse battery');
  const parts = hash.split('$');
  const flipped = [...parts.slice(0, 5), (parts[5]![0] === 'A' ? 'B' : 'A') + parts[5]!.slice(1)].join('$');
  expect(await verifyPassword('correct horse battery', flipped)).toBe(false);
  expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false);
  expect(await verifyPassword('correct horse battery', 'scrypt$x$8$1$salt$hash')).toBe(false);
});

test('unicode passwords are normalised, so the same text typed two ways verifies', async () => {
  const hash = await hashPassword('caf\u00e9 au lait!');
  expect(await verifyPassword('cafe\u0301 au lait!', hash)).toBe(true);
});
