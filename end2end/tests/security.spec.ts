import { expect, Page, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

/** The page's CSP nonce, after checking every script of the HTML carries it. */
async function policyOf(page: Page, path: string): Promise<string> {
  const response = await page.goto(path);
  const policy = response!.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `${path}: ${policy}`).toBeTruthy();
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  // Inline scripts of the server-rendered HTML all carry this response's nonce.
  const html = await response!.text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
  expect(inline.length, `${path}: inline scripts`).toBeGreaterThan(0);
  for (const attrs of inline) expect(attrs, path).toContain(`nonce="${nonce}"`);
  return nonce!;
}

/** Adds an inline script without the nonce, as injected markup would. */
async function injectScript(page: Page): Promise<{ ran: boolean; violations: number }> {
  return page.evaluate(async () => {
    let violations = 0;
    document.addEventListener('securitypolicyviolation', () => (violations += 1));
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { ran: (window as unknown as { __injected?: boolean }).__injected === true, violations };
  });
}

test('pages carry a per-response CSP nonce: the app hydrates and draws, injected script does not run', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });

  // The member portal: hydrates under the policy, a new nonce each response.
  await logIn(page, '13800000001');
  const first = await policyOf(page, '/');
  await waitForHydration(page);
  const second = await policyOf(page, '/');
  expect(second).not.toEqual(first);
  await waitForHydration(page);
  expect(await injectScript(page)).toEqual({ ran: false, violations: 1 });

  // The staff dashboard: the charts' scripts (ECharts) load and draw.
  await page.context().clearCookies();
  await logIn(page, 'mkt1');
  await policyOf(page, '/console/analytics');
  await waitForHydration(page);
  await expect(page.getByTestId('chart-funnel').locator('.chart svg')).toBeVisible({ timeout: 10_000 });
  expect(await injectScript(page)).toEqual({ ran: false, violations: 1 });

  // The only console errors are the two refusals of the injected scripts.
  expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
  expect(errors.filter((e) => /Content Security Policy/.test(e))).toHaveLength(2);
});
