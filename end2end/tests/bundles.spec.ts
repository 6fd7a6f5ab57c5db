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

test('a form island shows a refusal from a post without JavaScript, then its own, in the page language', async ({ browser }) => {
  // Without JavaScript: the form posts, and the refusal comes back in the address.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const page = await plain.newPage();
  await logIn(page, '13800000002');
  await page.goto('/lang/en?next=/referrals');
  await page.getByLabel("Friend's name").fill('Zhao Liu');
  await page.getByLabel('Mobile number').fill('1380000');
  await page.getByRole('button', { name: 'Refer' }).click();
  await expect(page).toHaveURL(/\/referrals\?.*__err=/);
  const refusedAt = page.url();
  await expect(page.locator('.field-error')).toHaveText('Enter an 11-digit mainland mobile number');

  // The same address with JavaScript: the island, hydrated, reads the same
  // refusal from the address, in the page's language.
  const live = await (await browser.newContext({ storageState: await plain.storageState() })).newPage();
  const errors: string[] = [];
  live.on('pageerror', (e) => errors.push(e.message));
  await live.goto(refusedAt);
  await waitForHydration(live);
  await expect(live.locator('.field-error')).toHaveText('Enter an 11-digit mainland mobile number');
  // Its own refusal replaces it, without leaving the page.
  await live.getByLabel("Friend's name").fill('Zhao Liu');
  await live.getByLabel('Mobile number').fill('13800000001');
  await live.getByRole('button', { name: 'Refer' }).click();
  await expect(live.getByRole('alert')).toHaveText('This friend is already one of our customers');
  await expect(live.locator('.field-error')).toHaveCount(0);
  expect(live.url()).toBe(refusedAt);
  expect(errors).toEqual([]);

  // Back to Chinese for the other tests (the language is the member's).
  await live.goto('/lang/zh?next=/');
  await plain.close();
});
