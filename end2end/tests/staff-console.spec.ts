import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('sales1 sees the console with only sales navigation', async ({ page }) => {
  await logIn(page, 'sales1');
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { name: '您好，王芳' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: '员工工作台' });
  await expect(nav.getByRole('link')).toHaveText(['工作台', '客户台账', '销售商机', '房源销控']);
  await expect(page.getByRole('heading', { name: '我的待办' })).toBeVisible();
  await waitForHydration(page);
  await nav.getByRole('link', { name: '客户台账' }).click();
  await expect(page.getByRole('heading', { name: '客户台账' })).toBeVisible();

  // An area outside the role is refused by the server, not just hidden.
  const response = await page.goto('/console/users');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible();
});

test('staff can switch the console to English and log out', async ({ page }) => {
  await logIn(page, 'admin');
  await expect(page).toHaveURL(/\/console$/);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: /Hello, / })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Staff console' }).getByRole('link', { name: 'Users & roles' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  const response = await page.goto('/console');
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(response?.ok()).toBeTruthy();
  // Back to Chinese for the other tests (the language is a cookie).
  await page.goto('/lang/zh?next=/login');
});

test('the work queue lists follow-ups due today, linked to the customer', async ({ page }) => {
  // sales2 holds demo prospects with calls planned for today (and, after the
  // reassignment spec, sales1's as well).
  await logIn(page, 'sales2');
  await expect(page.getByRole('heading', { name: /今日待跟进/ })).toBeVisible();
  const first = page.locator('.queue-group').filter({ hasText: '今日待跟进' }).getByRole('link').first();
  const name = await first.textContent();
  await first.click();
  await expect(page.getByRole('heading', { name: name ?? '' })).toBeVisible();
  await expect(page.getByText('电话回访，客户关注三室户型与学区')).toBeVisible();
});
