import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { logIn, waitForHydration } from './helpers';

test('members see only published projects, units as for sale or sold; admin publishes and exports', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  const member = await (await browser.newContext()).newPage();

  // Admin lays out a project; it starts unpublished (未发布).
  await logIn(admin, 'admin');
  await admin.goto('/lang/zh?next=/console/units');
  await waitForHydration(admin);
  await admin.getByLabel('楼盘代码').fill('CSY');
  await admin.getByLabel('楼盘名称').fill('安居·春山苑');
  await admin.getByLabel('城市').fill('成都');
  await admin.getByLabel('区县').fill('高新区');
  await expect(admin.getByLabel('发布状态')).toHaveValue('draft');
  await admin.getByRole('button', { name: '新建楼盘' }).click();
  await expect(admin.getByText('楼盘已创建')).toBeVisible();
  await admin.getByLabel('所属楼盘').selectOption({ label: '安居·春山苑' });
  await admin.getByLabel('楼栋名称').fill('1栋');
  await admin.getByLabel('楼层数').fill('3');
  await admin.getByLabel('每层户数').fill('2');
  await admin.getByLabel(/户型与面积/).fill('三室两厅 89.5');
  await admin.getByLabel(/一层单价/).fill('30000');
  await admin.getByRole('button', { name: '生成房源' }).click();
  await expect(admin.getByRole('heading', { name: '安居·春山苑 · 1栋' })).toBeVisible();

  // The 销控表 downloads as CSV.
  await waitForHydration(admin);
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: '导出 CSV' }).click(),
  ]);
  const sheet = readFileSync(await download.path(), 'utf-8');
  expect(sheet).toContain('楼层,房号,户型');
  expect(sheet).toContain('安居·春山苑,1栋,3,301,三室两厅,89.50');

  // The member sees the published demo projects, not the draft.
  await logIn(member, '13800000001');
  await member.goto('/homes');
  await expect(member.getByRole('heading', { name: /安居·滨江府/ })).toBeVisible();
  await expect(member.getByRole('heading', { name: /安居·云栖苑/ })).toBeVisible();
  await expect(member.getByText('安居·春山苑')).toHaveCount(0);
  await member.getByRole('link', { name: /1栋/ }).first().click();
  await expect(member.getByRole('heading', { name: '安居·滨江府 · 1栋' })).toBeVisible();
  await expect(member.locator('td.cell', { hasText: '已售' }).first()).toBeVisible();
  await expect(member.locator('td.cell', { hasText: '可售' }).first()).toContainText('¥');
  await expect(member.locator('td.cell', { hasText: '已售' }).first()).not.toContainText('¥');

  // Admin publishes it as 预售; the member now finds it with every unit for sale.
  await admin.goto('/console/units');
  await waitForHydration(admin);
  const row = admin.locator('li', { has: admin.getByLabel('安居·春山苑') });
  await row.getByLabel('安居·春山苑').selectOption('presale');
  await row.getByRole('button', { name: '保存发布状态' }).click();
  await expect(admin.getByText('已保存')).toBeVisible();

  await member.goto('/homes');
  const card = member.locator('section', { has: member.getByRole('heading', { name: /安居·春山苑/ }) });
  await expect(card.getByText('预售')).toBeVisible();
  await card.getByRole('link', { name: /1栋/ }).click();
  await expect(member.getByRole('heading', { name: '安居·春山苑 · 1栋' })).toBeVisible();
  await expect(member.locator('td.cell', { hasText: '可售' })).toHaveCount(6);
});
