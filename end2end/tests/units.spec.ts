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

test('admin lays out a new building; its units appear on the grid', async ({ page }) => {
  await logIn(page, 'admin');
  // (An earlier spec left admin's language on English.)
  await page.goto('/lang/zh?next=/console/units');
  await waitForHydration(page);
  await page.getByLabel('所属楼盘').selectOption({ label: '安居·云栖苑' });
  await page.getByLabel('楼栋名称').fill('C座');
  await page.getByLabel('楼层数').fill('6');
  await page.getByLabel('每层户数').fill('2');
  await page.getByLabel(/户型与面积/).fill('三室两厅 89.5\n两室一厅 60');
  await page.getByLabel(/一层单价/).fill('abc');
  await page.getByRole('button', { name: '生成房源' }).click();
  await expect(page.getByText('请输入金额（元），最多两位小数')).toBeVisible();

  await page.getByLabel(/一层单价/).fill('42000');
  await page.getByRole('button', { name: '生成房源' }).click();
  await expect(page.getByRole('heading', { name: '安居·云栖苑 · C座' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^601\s*待售$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^102\s*待售$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /待售$/ })).toHaveCount(12);
});

test('admin changes how long a unit hold lasts on the settings page', async ({ page }) => {
  await logIn(page, 'admin');
  await page.goto('/lang/zh?next=/console/users');
  await page.getByRole('link', { name: '系统设置' }).click();
  await expect(page.getByRole('heading', { name: '系统设置' })).toBeVisible();
  await waitForHydration(page);
  const hold = page.getByLabel('房源预留时长');
  await expect(hold).toHaveValue('30');
  await hold.fill('45');
  await hold.locator('xpath=ancestor::form').getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('房源预留时长')).toHaveValue('45');
  // Restore the default for anyone after.
  await page.getByLabel('房源预留时长').fill('30');
  await waitForHydration(page);
  await page.getByLabel('房源预留时长').locator('xpath=ancestor::form').getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
});
