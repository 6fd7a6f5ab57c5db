import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('sales1 reserves and contracts a unit on the grid; the customer becomes an owner', async ({ page }) => {
  await logIn(page, 'sales1');
  // A new walk-in to sell to.
  await page.goto('/console/customers/new');
  await waitForHydration(page);
  await page.getByLabel('姓名').fill('吴彦');
  await page.getByLabel('手机号').fill('13799990000');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: '吴彦' })).toBeVisible();
  const customerUrl = page.url();

  await page.goto('/console/units');
  await page.getByRole('link', { name: /1栋/ }).first().click();
  await expect(page.getByRole('heading', { name: /安居·滨江府 · 1栋/ })).toBeVisible();
  await waitForHydration(page);
  const cell = page.getByRole('link', { name: /待售$/ }).first();
  const number = ((await cell.locator('.num').textContent()) ?? '').trim();
  await cell.click();
  const panel = page.getByRole('region', { name: '房源详情' });
  await expect(panel.getByRole('heading', { name: new RegExp(`^${number}`) })).toBeVisible();

  await panel.getByLabel('认购 · 客户手机号').fill('13799990000');
  await panel.getByRole('button', { name: '认购' }).click();
  const unitLink = page.getByRole('link', { name: new RegExp(`^${number}\\s*已认购$`) });
  await expect(unitLink).toBeVisible();
  await expect(panel.getByText('吴彦')).toBeVisible();

  await panel.getByRole('button', { name: '签约' }).click();
  await expect(page.getByRole('link', { name: new RegExp(`^${number}\\s*已签约$`) })).toBeVisible();

  await page.goto(customerUrl);
  await expect(page.getByText('业主', { exact: true })).toBeVisible();
});
