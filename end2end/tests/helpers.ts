import { expect, Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Demo@2026';

/** Waits until the WASM bundle has hydrated the server-rendered page. */
export async function waitForHydration(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
}

/** Signs in through the login form, as a person would. */
export async function logIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('手机号或用户名').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  // The form posts and the server redirects: wait for the page it lands on,
  // or a `goto` right after may race the redirect and see its response.
  await page.waitForURL((url) => url.pathname !== '/login');
}
