import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('a member claims a coupon, merchant1 redeems it once, the member sees it used', async ({ page, browser }) => {
  await logIn(page, '13800000002');
  await page.goto('/offers');
  await waitForHydration(page);
  await page.getByRole('link', { name: '餐饮' }).click();
  await expect(page).toHaveURL(/category=/);
  await page.getByRole('button', { name: '领取 会员饮品 8 折' }).click();
  await expect(page.getByRole('status').filter({ hasText: '领取成功' })).toBeVisible();
  const code = (await page.getByTestId('coupon-code').first().textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.getByRole('img', { name: `券码二维码 ${code}` })).toBeVisible();
  // Gold-only offers are shown but cannot be claimed by a 普卡 member.
  await page.getByRole('link', { name: '全部' }).click();
  await expect(page.getByRole('button', { name: '领取 金卡专享 全屋定制 8.5 折' })).toBeDisabled();

  // Two counters look the code up; the first redeems, the second is refused.
  const counterA = await browser.newPage();
  const counterB = await browser.newPage();
  for (const counter of [counterA, counterB]) {
    await logIn(counter, 'merchant1');
    await expect(counter).toHaveURL(/\/merchant$/);
    await waitForHydration(counter);
    await counter.getByLabel('输入或扫描券码').fill(code.toLowerCase().replace(/-/g, ' '));
    await counter.getByRole('button', { name: '查询' }).click();
    await expect(counter.getByText('会员饮品 8 折').first()).toBeVisible();
    await expect(counter.getByText('李*')).toBeVisible();
  }
  await counterA.getByRole('button', { name: '确认核销' }).click();
  await expect(counterA.getByRole('status').filter({ hasText: '核销成功' })).toBeVisible();
  await expect(counterA.getByTestId('today')).toHaveText('1');
  await counterB.getByRole('button', { name: '确认核销' }).click();
  await expect(counterB.getByRole('alert')).toHaveText('该券已核销过，不能重复使用');

  await page.reload();
  await expect(page.locator('.coupon').filter({ hasText: code })).toContainText('已使用');
});

test('the counter refuses codes it does not know', async ({ page }) => {
  await logIn(page, 'merchant1');
  await waitForHydration(page);
  await page.getByLabel('输入或扫描券码').fill('ABCD-EFGH-JKMN');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('alert')).toContainText('未找到该券码');
  await page.getByLabel('输入或扫描券码').fill('12');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('alert')).toHaveText('券码为 12 位字母数字');
});
