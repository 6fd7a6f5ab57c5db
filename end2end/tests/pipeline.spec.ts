import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

// The sales side end to end: a walk-in becomes an opportunity, moves to 准成交,
// reserves a unit with a discount that needs a manager, and signs once approved.
test('walk-in to signed contract, with the discount approved by the manager', async ({ page }) => {
  await logIn(page, 'sales1');
  await page.goto('/console/customers/new');
  await waitForHydration(page);
  await page.getByLabel('姓名').fill('郑爽');
  await page.getByLabel('手机号').fill('13766668888');
  await page.getByLabel('意向楼盘').selectOption({ label: '安居·滨江府' });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: '郑爽' })).toBeVisible();
  const customerUrl = page.url();
  await waitForHydration(page);

  await page.getByLabel('方式').selectOption('visit');
  await page.getByLabel('内容').fill('看了 1栋 样板间，预算 600 万');
  await page.getByRole('button', { name: '记录跟进' }).click();
  await expect(page.locator('ol.timeline').getByText('看了 1栋 样板间，预算 600 万')).toBeVisible();

  const opportunities = page.getByRole('region', { name: '销售商机' });
  await expect(opportunities.locator('.badge.stage')).toHaveText('来访');
  await opportunities.getByLabel('阶段 · 安居·滨江府').selectOption('pre_deal');
  await opportunities.getByRole('button', { name: '更新阶段' }).click();
  await expect(opportunities.locator('.badge.stage')).toHaveText('准成交');

  // Reserve a unit with ¥500,000 off: beyond a salesperson's authority.
  await page.goto('/console/units');
  await page.getByRole('link', { name: /1栋/ }).first().click();
  await waitForHydration(page);
  const cell = page.getByRole('link', { name: /待售$/ }).first();
  const number = ((await cell.locator('.num').textContent()) ?? '').trim();
  await cell.click();
  const panel = page.getByRole('region', { name: '房源详情' });
  await panel.getByLabel('认购 · 客户手机号').fill('13766668888');
  await panel.getByLabel('优惠金额（元）').fill('500000');
  await panel.getByLabel('定金（元）').fill('50000');
  await panel.getByRole('button', { name: '认购' }).click();
  await expect(page.getByRole('link', { name: new RegExp(`^${number}\\s*已认购$`) })).toBeVisible();
  const unitUrl = page.url();
  await panel.getByRole('button', { name: '签约' }).click();
  await expect(panel.getByRole('alert')).toHaveText('折扣超出权限，须销售经理审批通过后才能签约');

  // The manager finds it in the work queue and approves it.
  await page.getByRole('button', { name: '退出' }).click();
  await logIn(page, 'manager1');
  await page.goto('/console');
  const approvals = page.locator('.queue-group.approvals');
  await expect(approvals.getByRole('heading', { name: /折扣待审批/ })).toBeVisible();
  await approvals.getByRole('link', { name: '郑爽' }).click();
  await waitForHydration(page);
  const deals = page.getByRole('region', { name: '交易' });
  await expect(deals.getByText('折扣待审批')).toBeVisible();
  await deals.getByLabel('审批意见').fill('首套刚需，同意');
  await deals.getByRole('button', { name: '批准折扣' }).click();
  await expect(deals.getByText('折扣已批准')).toBeVisible();

  // Now the contract goes through; the customer is an owner with a deal.
  await page.getByRole('button', { name: '退出' }).click();
  await logIn(page, 'sales1');
  await page.goto(unitUrl);
  await waitForHydration(page);
  await page.getByRole('region', { name: '房源详情' }).getByRole('button', { name: '签约' }).click();
  await expect(page.getByRole('link', { name: new RegExp(`^${number}\\s*已签约$`) })).toBeVisible();

  await page.goto(customerUrl);
  await expect(page.getByText('业主', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: '销售商机' }).locator('.badge.stage')).toHaveText('成交');
  const deal = page.getByRole('region', { name: '交易' });
  await expect(deal.getByRole('table', { name: '付款计划' })).toBeVisible();

  // The deposit arrives: recorded once, even if the form is sent twice.
  await waitForHydration(page);
  await deal.getByText('登记回款').click();
  await deal.getByLabel('金额（元）').fill('50000');
  await deal.getByLabel('到账日期').fill(new Date().toISOString().slice(0, 10));
  await deal.getByLabel('票据号').fill('POS-0001');
  await deal.getByRole('button', { name: '保存' }).click();
  const payments = deal.getByRole('table', { name: '回款记录' });
  await expect(payments.getByText('POS-0001')).toBeVisible();
  await expect(payments.getByText('¥50,000.00')).toBeVisible();

  // A second project of interest.
  const opps = page.getByRole('region', { name: '销售商机' });
  await opps.getByText('新建商机').click();
  await opps.getByLabel('楼盘').selectOption({ label: '安居·云栖苑' });
  await opps.getByLabel('阶段', { exact: true }).selectOption('intent');
  await opps.getByRole('button', { name: '建立商机' }).click();
  await expect(opps.getByText('安居·云栖苑')).toBeVisible();
  await expect(opps.locator('.badge.stage')).toHaveText(['意向', '成交']);

  // And it sits in the 成交 column of the kanban.
  await page.goto('/console/pipeline');
  await expect(page.getByRole('region', { name: '销售漏斗与预测' })).toBeVisible();
  const won = page.getByRole('listitem', { name: '成交', exact: true });
  await expect(won.getByRole('link', { name: '郑爽' })).toBeVisible();
});
