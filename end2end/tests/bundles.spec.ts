import { expect, Page, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

/** The bundle the current document loads (`anju_portal` or `anju`). */
async function bundleOf(page: Page): Promise<string | null> {
  const href = await page.locator('link[rel="modulepreload"]').getAttribute('href');
  return href?.match(/\/pkg\/([a-z_]+)\.js$/)?.[1] ?? null;
}

test('members load the portal islands bundle, staff the whole app; links across arrive with the right one', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  const fetched: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/pkg\/([a-z_]+)\.wasm$/);
    if (m) fetched.push(m[1]);
  });

  // Sign-in and the member's pages are HTML with islands: the small bundle,
  // and the portal's tabs are ordinary page loads.
  await logIn(page, '13800000001');
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju_portal');
  await page.getByRole('navigation').getByRole('link', { name: '楼盘' }).click();
  await expect(page).toHaveURL(/\/homes$/);
  await waitForHydration(page);
  await page.getByRole('navigation').getByRole('link', { name: '我的服务单' }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju_portal');
  // The new-request form is an island: it reacts in the page.
  await page.getByLabel('类别').selectOption('repair.leaks');
  await expect(page.getByRole('complementary').getByRole('link').first()).toBeVisible();
  expect([...new Set(fetched)]).toEqual(['anju_portal']);

  // A link from a portal page into the console loads it with the staff bundle.
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/console/service?view=mine';
    a.textContent = 'to the inbox';
    document.querySelector('main, .page')!.appendChild(a);
  });
  await page.getByRole('link', { name: 'to the inbox' }).click();
  await expect(page).toHaveURL(/\/console\/service\?view=mine$/);
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible();
  expect(await bundleOf(page)).toBe('anju');
  expect(errors.filter((e) => !e.includes('403'))).toEqual([]);

  // Staff: the console with the whole app; their notifications (a portal
  // page) with the islands bundle; the header's link back to the console.
  await page.context().clearCookies();
  await logIn(page, 'service1');
  await expect(page).toHaveURL(/\/console$/);
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju');
  await page.goto('/notifications');
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju_portal');
  await page.getByRole('link', { name: '工作台' }).first().click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('navigation', { name: '员工工作台' })).toBeVisible();
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju');
  expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
});
