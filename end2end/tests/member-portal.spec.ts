import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('a member logs in and sees the portal home', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await logIn(page, '13800000001');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: '您好，张伟' })).toBeVisible();
  await expect(page.getByText('积分余额')).toBeVisible();
  await waitForHydration(page);

  // A tab is a page load (the portal has no client router), to an empty state.
  await page.getByRole('navigation').getByRole('link', { name: '我的服务单' }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByRole('status')).toContainText('暂无服务单');
  expect(errors).toEqual([]);
});

test('a member opening the console is refused', async ({ page }) => {
  await logIn(page, '13800000002');
  await expect(page.getByRole('heading', { name: '您好，李娜' })).toBeVisible();
  const response = await page.goto('/console');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '员工工作台' })).toHaveCount(0);
});

test('a visitor is sent to log in, then back where they were going', async ({ page }) => {
  await page.goto('/points');
  await expect(page).toHaveURL(/\/login\?next=%2Fpoints|\/login\?next=\/points/);
  await page.getByLabel('手机号或用户名').fill('13800000001');
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/points$/);
  await expect(page.getByRole('heading', { name: '我的积分' })).toBeVisible();
});

test('the portal works on a 375 px phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await logIn(page, '13800000001');
  await expect(page.getByRole('heading', { name: '您好，张伟' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('link', { name: '我的积分' }).first()).toBeVisible();
});
