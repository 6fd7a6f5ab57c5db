import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('sales1 registers a walk-in visitor and logs a follow-up', async ({ page }) => {
  await logIn(page, 'sales1');
  await page.goto('/console/customers');
  await waitForHydration(page);
  await page.getByRole('link', { name: '新建客户' }).click();
  await expect(page.getByRole('heading', { name: '新建客户' })).toBeVisible();
  await page.getByLabel('姓名').fill('周杰');
  await page.getByLabel('手机号').fill('137 1234 5678');
  await page.getByLabel('同意接收营销信息').check();
  await page.getByRole('button', { name: '保存' }).click();

  await expect(page.getByRole('heading', { name: '周杰' })).toBeVisible();
  await expect(page).toHaveURL(/\/console\/customers\/\d+$/);
  await expect(page.getByText('13712345678')).toBeVisible();
  await expect(page.getByText('潜在客户')).toBeVisible();
  const detailUrl = page.url();

  await page.getByLabel('方式').selectOption('call_out');
  await page.getByLabel('内容').fill('约周六到售楼处看 1栋 样板间');
  await page.getByLabel('下次跟进').fill('2030-01-15');
  await page.getByRole('button', { name: '记录跟进' }).click();
  const timeline = page.locator('ol.timeline');
  await expect(timeline.getByText('约周六到售楼处看 1栋 样板间')).toBeVisible();
  await expect(timeline.getByText('去电')).toBeVisible();
  await expect(timeline.getByText('2030-01-15')).toBeVisible();

  // The same phone again is refused, with a link to the existing record.
  await page.goto('/console/customers/new');
  await waitForHydration(page);
  await page.getByLabel('姓名').fill('周杰伦');
  await page.getByLabel('手机号').fill('13712345678');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已登记过，不能重复建档')).toBeVisible();
  await page.getByRole('link', { name: '查看已有档案' }).click();
  await expect(page).toHaveURL(detailUrl);

  // Search by the last four digits.
  await page.goto('/console/customers?q=5678');
  await expect(page.getByRole('link', { name: '周杰' })).toBeVisible();

  // Another salesperson cannot open it.
  await page.getByRole('button', { name: '退出' }).click();
  await logIn(page, 'sales2');
  const response = await page.goto(detailUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '周杰' })).toHaveCount(0);
});

test('customer form errors are shown per field', async ({ page }) => {
  await logIn(page, 'sales1');
  await page.goto('/console/customers/new');
  await waitForHydration(page);
  await page.getByLabel('手机号').fill('12345');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('#name-error')).toHaveText('必填');
  await expect(page.locator('#mobile-error')).toHaveText('请输入 11 位大陆手机号');
});

test('manager1 hands sales1 customers to sales2, and sales1 no longer sees them', async ({ page }) => {
  await logIn(page, 'manager1');
  await page.goto('/console/customers');
  await waitForHydration(page);
  await page.getByRole('link', { name: '客户转移' }).click();
  await expect(page.getByRole('heading', { name: '客户转移' })).toBeVisible();
  await page.getByLabel('转出顾问').selectOption({ label: '王芳' });
  await page.getByLabel('接收顾问').selectOption({ label: '李明' });
  await page.getByRole('button', { name: '确认转移' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已转移客户数' })).toBeVisible();

  await page.getByRole('button', { name: '退出' }).click();
  await logIn(page, 'sales1');
  await page.goto('/console/customers?q=5678');
  await expect(page.getByText('没有符合条件的客户')).toBeVisible();

  await page.getByRole('button', { name: '退出' }).click();
  await logIn(page, 'sales2');
  await page.goto('/console/customers?q=5678');
  await page.getByRole('link', { name: '周杰' }).click();
  await expect(page.getByText('王芳 → 李明')).toBeVisible();
});
