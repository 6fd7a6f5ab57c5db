import { expect, Page, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

/** The bundle the current document loads (`anju_portal` or `anju`). */
async function bundleOf(page: Page): Promise<string | null> {
  const href = await page.locator('link[rel="modulepreload"]').getAttribute('href');
  return href?.match(/\/pkg\/([a-z_]+)\.js$/)?.[1] ?? null;
}

test('members load the portal bundle, staff the whole app; a portal link into the console arrives with it', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/pkg\/([a-z_]+)\.wasm$/);
    if (m) scripts.push(m[1]);
  });

  await logIn(page, '13800000001');
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju_portal');
  expect([...new Set(scripts)]).toEqual(['anju_portal']); // /login's and /'s

  await page.context().clearCookies();
  await logIn(page, 'service1');
  await expect(page).toHaveURL(/\/console$/);
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju');

  // A portal page, hydrated with the portal bundle, then the header's link
  // to the console: the browser loads the console page from the server.
  await page.goto('/notifications');
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju_portal');
  await page.getByRole('link', { name: '工作台' }).first().click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('navigation', { name: '员工工作台' })).toBeVisible();
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju');

  // Any other link from a portal page into the console (one the router
  // takes, as a notification's would be) also loads it from the server.
  await page.goto('/notifications');
  await waitForHydration(page);
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/console/service?view=mine';
    a.textContent = 'to the inbox';
    document.querySelector('main, .page')!.appendChild(a);
  });
  await page.getByRole('link', { name: 'to the inbox' }).click();
  await expect(page).toHaveURL(/\/console\/service\?view=mine$/);
  await expect(page.getByRole('navigation', { name: '员工工作台' })).toBeVisible();
  await waitForHydration(page);
  expect(await bundleOf(page)).toBe('anju');
});
