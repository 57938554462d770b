import { expect, test } from '@playwright/test';
import { priceTable } from '../../src/lib/pricing/price-table';

test.describe('pricing calculator', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/pricing/pricing-and-limits/');
  });

  test('starts at the pricing page worked example and recalculates as inputs change', async ({ page }) => {
    const calculator = page.locator('[data-pricing-calculator]');
    const total = calculator.locator('[data-total]');
    await expect(total).toHaveText('$71.80');
    const live = calculator.locator('[aria-live="polite"]');
    await expect(live).toContainText('Estimated monthly total: $71.80');

    await page.getByLabel('Requests per month').fill('50000000');
    await page.getByLabel('Average CPU time per request (ms)').fill('4');
    await page.getByLabel('User Workers (scripts)').fill('1500');
    await expect(total).toHaveText('$46.80');
    await expect(live).toHaveText(
      'Estimated monthly total: $46.80 (requests $9.00, CPU time $2.80, user Workers $10.00 above the base plan).',
    );
    await expect(calculator.locator('[data-line="requests"] dd')).toHaveText('$9.00');
    await expect(calculator.locator('[data-line="cpu"] dd')).toHaveText('$2.80');
    await expect(calculator.locator('[data-line="scripts"] dd')).toHaveText('$10.00');
    await expect(calculator.locator('[data-line="scripts"] [data-detail]')).toHaveText(
      '500 scripts over the 1,000 included × $0.02 each',
    );

    await page.getByLabel('Requests per month').fill('1000');
    await page.getByLabel('User Workers (scripts)').fill('10');
    await expect(total).toHaveText('$25.00');
  });

  test('the lesson table shows the same price data the calculator uses, with source and date', async ({ page }) => {
    const table = page.locator('table.price-table');
    const usd = (n: number) => `$${n.toFixed(2)}`;
    await expect(table.getByRole('row', { name: /Requests/ })).toContainText(`${usd(priceTable.requests.usdPerMillion)} per million`);
    await expect(table.getByRole('row', { name: /CPU time/ }).first()).toContainText(usd(priceTable.cpu.usdPerMillionMs));
    await expect(table.getByRole('row', { name: /Scripts/ })).toContainText(`${usd(priceTable.scripts.usdEach)} per script`);
    await expect(table.getByRole('row', { name: /Subscription/ })).toContainText(`${usd(priceTable.baseMonthlyUsd)} per month`);
    await expect(table.locator('caption')).toContainText(priceTable.source.verifiedLabel);
    await expect(table.locator('caption a')).toHaveAttribute('href', priceTable.source.url);
    await expect(page.locator('[data-pricing-calculator]')).toContainText(
      `rounded to the cent. Prices checked in ${priceTable.source.verifiedLabel}`,
    );
  });

  test('explains bad input instead of showing a wrong total', async ({ page }) => {
    const requests = page.getByLabel('Requests per month');
    await requests.fill('-5');
    const error = page.locator('[data-pricing-calculator] [data-error]');
    await expect(error).toBeVisible();
    await expect(error).toHaveText('Monthly requests cannot be negative.');
    await expect(requests).toHaveAttribute('aria-invalid', 'true');
    await requests.fill('20000000');
    await expect(error).toBeHidden();
    await expect(page.locator('[data-pricing-calculator] [data-total]')).toHaveText('$31.80');
  });

  test('works from the keyboard and fits a 375 px screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByLabel('Requests per month').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Average CPU time per request (ms)')).toBeFocused();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0');
    await expect(page.locator('[data-pricing-calculator] [data-total]')).toHaveText('$53.00');
    const box = await page.locator('[data-pricing-calculator]').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  });
});
