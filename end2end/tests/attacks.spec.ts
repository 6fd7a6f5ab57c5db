import { APIRequestContext, expect, test } from '@playwright/test';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEMO_PASSWORD, logIn, waitForHydration } from './helpers';

/** A bearer token for the REST API (its own request context: no cookies). */
async function token(request: APIRequestContext, login: string, password = DEMO_PASSWORD): Promise<string> {
  const resp = await request.post('/api/v1/auth/login', { data: { login, password } });
  expect(resp.status()).toBe(200);
  return (await resp.json()).access_token;
}

async function holdMinutes(request: APIRequestContext, admin: string): Promise<number> {
  const resp = await request.get('/api/v1/settings', { headers: { authorization: `Bearer ${admin}` } });
  const settings: { key: string; value: number }[] = await resp.json();
  return settings.find((s) => s.key === 'units.hold_minutes')!.value;
}

/** Another site on the same host, another port: what a page on the office
 * intranet, or any local service with a bug, could serve. */
async function otherSite(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

test('a page on another port cannot act as the signed-in administrator', async ({ page, request, baseURL }) => {
  const admin = await token(request, 'admin');
  const before = await holdMinutes(request, admin);
  await logIn(page, 'admin');

  // The same-site page posts a form and a no-cors fetch to server functions;
  // the browser attaches the administrator's SameSite=Lax cookies to both.
  const site = await otherSite(`<!doctype html><html><body>
    <form id="f" method="post" action="${baseURL}/api/settings/save">
      <input name="key" value="units.hold_minutes"><input name="value" value="${before + 11}">
    </form>
    <script>
      fetch('${baseURL}/api/webhooks/create', { method: 'POST', mode: 'no-cors', credentials: 'include',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'url=https%3A%2F%2Fhooks.example.com%2Fx&events=*&active=on' })
        .finally(() => document.getElementById('f').submit());
    </script></body></html>`);
  try {
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/settings/save'));
    await page.goto(site.url);
    const answer = await refused;
    expect(answer.status()).toBe(403);
    expect((await answer.json()).error.details.reason).toBe('cross_site_request');
  } finally {
    site.server.close();
  }
  expect(await holdMinutes(request, admin)).toBe(before);
  const hooks = await request.get('/api/v1/webhooks', { headers: { authorization: `Bearer ${admin}` } });
  expect(await hooks.json()).toEqual([]);

  // From anju's own settings page the same change goes through.
  await page.goto('/console/settings');
  await waitForHydration(page);
  const row = page.locator('form', { has: page.locator('input[name="key"][value="units.hold_minutes"]') });
  await row.locator('input[name="value"]').fill(String(before + 11));
  await row.getByRole('button').click();
  await expect.poll(() => holdMinutes(request, admin)).toBe(before + 11);
  // Put it back for the other specs.
  const reset = await request.put('/api/v1/settings/units.hold_minutes', {
    headers: { authorization: `Bearer ${admin}` },
    data: { value: before },
  });
  expect(reset.status()).toBe(200);
});

const MARKUP = '</title></textarea><meta http-equiv="refresh" content="0;url=https://evil.example/">';

test('markup in a member\'s request stays text on the staff pages, which still hydrate', async ({ page, request }) => {
  // A member of their own, so the demo members' pages stay as other specs expect.
  const mobile = `137${String(Date.now()).slice(-8)}`;
  const joined = await request.post('/api/v1/club/enrolments', {
    data: { name: '马克', mobile, password: 'Join@2026', birth_year: 1990, consent_marketing: false },
  });
  expect(joined.status()).toBe(201);
  const member = await token(request, mobile, 'Join@2026');
  const opened = await request.post('/api/v1/me/tickets', {
    headers: { authorization: `Bearer ${member}` },
    data: { kind: 'repair', category: 'repair.doors_windows', title: MARKUP, description: MARKUP },
  });
  expect(opened.status()).toBe(201);
  const { id } = await opened.json();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));

  await logIn(page, 'service1');
  for (const path of [`/console/tickets/${id}`, `/console/kb/new?ticket=${id}`]) {
    await page.goto(path);
    await waitForHydration(page);
    // Stayed here (no refresh to the other site), no markup was added.
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    // The request's page is titled with the text, as typed.
    if (path.startsWith('/console/tickets/')) expect(await page.title()).toContain('</title>');
  }
  // The draft's body is the member's text, as typed.
  await expect(page.locator('textarea#body')).toHaveValue(new RegExp(MARKUP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  expect(errors).toEqual([]);
});
