import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

/** A `date` input's value `days` from today, Beijing time. */
function beijingDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('marketing plans a campaign and sees what it brought, ROI included', async ({ page }) => {
  await logIn(page, 'mkt1');
  await page.goto('/console/marketing');
  await waitForHydration(page);
  await expect(page.getByText('还没有市场活动')).toBeVisible();

  const code = `WEB-${Date.now() % 100000}`;
  await page.getByLabel('活动代码').fill(code);
  await page.getByLabel('活动名称').fill('网络广告 秋冬投放');
  await page.getByLabel('渠道').selectOption('网络广告');
  await page.getByLabel('开始日期').fill(beijingDay(0));
  await page.getByLabel('结束日期').fill(beijingDay(-120));
  await page.getByLabel('费用（元）').fill('80,000');
  await page.getByRole('button', { name: '保存' }).click();
  // Ends before it starts: refused beside the field, nothing planned.
  await expect(page.locator('.field-error')).toHaveText('结束日期不能早于开始日期');
  await expect(page.getByText('还没有市场活动')).toBeVisible();

  await page.getByLabel('开始日期').fill(beijingDay(-120));
  await page.getByLabel('结束日期').fill(beijingDay(0));
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  const row = page.locator('table.campaigns tbody tr').filter({ hasText: code });
  await expect(row).toContainText('¥80,000.00');
  // The demo's 网络广告 customers of the last 120 days are its leads.
  await expect(row.getByTestId('leads')).not.toHaveText('0');
  await expect(row.getByTestId('roi')).toHaveText(/^−?[\d,]+\.\d%$/);

  // The pyramid: recomputed on demand, the demo's buyers at its top.
  await page.getByRole('button', { name: '立即重算' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已重算' })).toBeVisible();
  await expect(page.getByTestId('segment-top')).not.toHaveText('0');
  await expect(page.getByRole('rowheader', { name: '顶端客户' })).toBeVisible();
});

test('marketing previews a message to a segment, sees who is left out, and sends it once', async ({ page }) => {
  await logIn(page, 'mkt1');
  await page.goto('/console/marketing');
  await waitForHydration(page);
  await page.getByRole('button', { name: '立即重算' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已重算' })).toBeVisible();
  await expect(page.getByText('还没有发送过定向消息')).toBeVisible();

  await page.getByLabel('目标客群').selectOption({ label: '潜在客户' });
  await page.getByLabel('短信内容').fill('{name}您好，云栖府样板间本周末开放');
  // 20 characters and the opt-out line (7).
  await expect(page.getByText('27 字 · 1 条短信')).toBeVisible();
  await page.getByRole('button', { name: '预览收件人' }).click();
  const preview = page.getByTestId('broadcast-preview');
  await expect(preview).toContainText('{name}您好，云栖府样板间本周末开放 拒收请回复R');
  const reach = await preview.getByTestId('broadcast-recipients').innerText();
  expect(Number(reach)).toBeGreaterThan(0);
  // Those left out are listed with masked numbers and their reasons.
  await expect(preview.locator('tbody tr').first()).toContainText(/\d{3}\*{4}\d{4}/);

  await preview.getByRole('button', { name: `确认发送（${reach}）` }).click();
  await expect(page.getByRole('status').filter({ hasText: '已加入短信发送队列' })).toBeVisible();
  await expect(preview).toHaveCount(0);
  const sent = page.locator('table.broadcasts tbody tr');
  await expect(sent).toHaveCount(1);
  await expect(sent.getByTestId('broadcast-sent')).toHaveText(reach);
  await expect(sent).toContainText('潜在客户');
});
