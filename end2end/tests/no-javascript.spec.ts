import { expect, test } from '@playwright/test';

test.use({ javaScriptEnabled: false });

test('the login page works with JavaScript disabled', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('手机号或用户名').fill('13800000001');
  await page.getByLabel('密码').fill('wrong-password-1');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('手机号/用户名或密码不正确');
  // The identifier is kept, the password is not.
  await expect(page.getByLabel('手机号或用户名')).toHaveValue('13800000001');

  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '您好，张伟' })).toBeVisible();
});

test('empty fields get field-level errors without JavaScript', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('请输入手机号或用户名')).toBeVisible();
});

test('merchant1 lands on the merchant counter', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('手机号或用户名').fill('merchant1');
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/merchant$/);
  await expect(page.getByRole('heading', { name: '联盟商家核销台' })).toBeVisible();
});

test('a member redeems a reward with JavaScript disabled, and is told it worked', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('手机号或用户名').fill('13800000001');
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '我的积分' }).click();
  await expect(page).toHaveURL(/\/points$/);
  const balance = async () =>
    Number(((await page.getByTestId('points-balance').textContent()) ?? '').replace(/,/g, ''));
  const before = await balance();

  await page.getByRole('button', { name: '兑换 星河咖啡 饮品券' }).click();
  await expect(page).toHaveURL(/\/points\?done=redeemed&ref=\d+$/);
  await expect(page.getByRole('status').filter({ hasText: '星河咖啡 饮品券: 兑换成功' })).toBeVisible();
  expect(await balance()).toBe(before - 300);

  // A refusal comes back as an alert on the same page; nothing changes.
  await page.getByRole('button', { name: '已兑完 空调深度清洗' }).evaluate((b) => b.removeAttribute('disabled'));
  await page.getByRole('button', { name: '已兑完 空调深度清洗' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await balance()).toBe(before - 300);
});
