import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { logIn, waitForHydration } from './helpers';

test('manager1 imports a CSV, merges a duplicate, undoes it and exports the list', async ({ page }) => {
  await logIn(page, 'manager1');
  await page.goto('/console/customers');
  await waitForHydration(page);
  await page.getByRole('link', { name: '批量导入' }).click();
  await expect(page.getByRole('heading', { name: '批量导入' })).toBeVisible();

  const csv = '\ufeff姓名,手机,标签\n杨过,13777770001,VIP\n小龙女,13777770002,\n错误行,12345,\n';
  await page.getByLabel('选择文件').setInputFiles({
    name: '线索.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf-8'),
  });
  await page.getByRole('button', { name: '上传并设置列' }).click();

  // The mapping step guessed the columns from the header.
  await expect(page.getByRole('heading', { name: '设置列对应关系' })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByLabel('姓名')).toHaveValue('0');
  await expect(page.getByLabel('手机号')).toHaveValue('1');
  await expect(page.getByRole('cell', { name: '小龙女' })).toBeVisible();
  await page.getByRole('button', { name: '开始导入' }).click();

  // The progress bar runs to the end; the bad row is reported.
  await expect(page.locator('.import-status')).toHaveText('已完成', { timeout: 15_000 });
  await expect(page.locator('.import-created')).toHaveText('2');
  await expect(page.locator('.import-errors')).toHaveText('1');
  await expect(page.locator('.import-report')).toContainText('请输入 11 位大陆手机号');

  // A second record of 杨过 registered by hand is a likely duplicate.
  await page.goto('/console/customers/new');
  await waitForHydration(page);
  await page.getByLabel('姓名').fill('杨过');
  await page.getByLabel('手机号').fill('13777770003');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: '杨过' })).toBeVisible();
  const survivorUrl = page.url();
  const duplicates = page.locator('#duplicates');
  await expect(duplicates.getByText('13777770001')).toBeVisible();
  await expect(duplicates.getByText('同名')).toBeVisible();
  await duplicates.getByRole('button', { name: '合并到当前客户' }).click();
  await expect(duplicates.getByRole('button', { name: '撤销合并' })).toBeVisible();
  await expect(page.getByText('VIP')).toBeVisible();

  // The merged phone now finds the survivor.
  await page.goto('/console/customers?q=13777770001');
  await page.getByRole('link', { name: '杨过' }).click();
  await expect(page).toHaveURL(survivorUrl);

  await waitForHydration(page);
  await page.locator('#duplicates').getByRole('button', { name: '撤销合并' }).click();
  await expect(page.locator('#duplicates').getByText('已撤销')).toBeVisible();
  await expect(page.locator('#duplicates li.candidate').getByText('13777770001')).toBeVisible();

  // Export what the list shows.
  await page.goto('/console/customers');
  await waitForHydration(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 CSV' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf-8');
  expect(text).toContain('小龙女');
  expect(text).toContain('13777770003');
});
