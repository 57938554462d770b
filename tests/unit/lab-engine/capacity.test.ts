import { expect, test } from 'vitest';
import { anonymousCapacity, defaultCapacity, SANDBOX_COST_BYTES } from '../../../src/server/lab-engine/pool/capacity';

const GiB = 1024 ** 3;

test('default capacity: as many sandboxes as fit in 75 % of memory, within sane bounds', () => {
  expect(defaultCapacity(24 * GiB, SANDBOX_COST_BYTES)).toBe(Math.floor((24 * GiB * 0.75) / SANDBOX_COST_BYTES));
  expect(defaultCapacity(1 * GiB, SANDBOX_COST_BYTES)).toBe(7);
  expect(defaultCapacity(0.1 * GiB, SANDBOX_COST_BYTES)).toBe(4);
  expect(defaultCapacity(4096 * GiB, SANDBOX_COST_BYTES)).toBe(2_000);
});

test('anonymous visitors get their share, at least one place, never more than all', () => {
  expect(anonymousCapacity(180, 0.25)).toBe(45);
  expect(anonymousCapacity(3, 0.25)).toBe(1);
  expect(anonymousCapacity(10, 0)).toBe(1);
  expect(anonymousCapacity(10, 5)).toBe(10);
});
