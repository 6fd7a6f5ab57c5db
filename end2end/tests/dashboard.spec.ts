import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

const CHARTS = ['funnel', 'forecast', 'pyramid', 'campaign-roi', 'contacts', 'club', 'club-conversion', 'ticket-sla', 'staff-kpis'];

test('marketing opens the dashboard: every chart draws, with a table view and CSV, and no console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));

  await logIn(page, 'mkt1');
  // The pyramid needs a computed run.
  await page.goto('/console/marketing');
  await waitForHydration(page);
  await page.getByRole('button', { name: '立即重算' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已重算' })).toBeVisible();

  await page.goto('/console/analytics');
  await waitForHydration(page);
  for (const key of CHARTS) {
    const chart = page.getByTestId(`chart-${key}`);
    await expect(chart.locator('.chart svg')).toBeVisible({ timeout: 10_000 });
    await expect(chart.locator('a[download]')).toHaveAttribute('href', /^data:text\/csv;charset=utf-8,/);
  }
  // The table view holds the same figures.
  const funnel = page.getByTestId('chart-funnel');
  await funnel.getByText('表格视图').click();
  await expect(funnel.locator('table tbody tr').first()).toBeVisible();
  await expect(funnel.locator('table thead')).toContainText('转化率');

  // Filtering by project keeps every chart drawn; the filter is a link.
  const project = page.getByLabel('项目', { exact: true });
  const firstProject = await project.locator('option').nth(1).getAttribute('value');
  await project.selectOption(firstProject!);
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(new RegExp(`project=${firstProject}`));
  await waitForHydration(page);
  for (const key of CHARTS) {
    await expect(page.getByTestId(`chart-${key}`).locator('.chart svg')).toBeVisible({ timeout: 10_000 });
  }
  // Reached by a link inside the app (client-side navigation), the charts draw too.
  await page.goto('/console/marketing');
  await waitForHydration(page);
  await page.getByRole('link', { name: '数据分析' }).first().click();
  await expect(page).toHaveURL(/\/console\/analytics$/);
  await expect(page.getByTestId('chart-pyramid').locator('.chart svg')).toBeVisible({ timeout: 10_000 });
  expect(errors).toEqual([]);
});
