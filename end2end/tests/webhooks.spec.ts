import { expect, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { logIn, waitForHydration } from './helpers';

type Received = { headers: IncomingHttpHeaders; body: string };

/** A webhook receiver on 127.0.0.1 that keeps what it is sent. */
async function receiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, server };
}

test('an administrator registers a webhook and a new member reaches it, signed', async ({ page, request }) => {
  const rx = await receiver();
  try {
    await logIn(page, 'admin');
    await page.goto('/console/users');
    await page.getByRole('link', { name: 'Webhook 推送' }).click();
    await waitForHydration(page);

    // A URL the sender cannot post to is refused beside its field.
    await page.getByLabel('接收地址（URL）').fill('ftp://127.0.0.1/hook');
    await page.getByLabel('订阅事件').fill('member.enrolled');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.locator('.field-error')).toHaveText('请输入以 http:// 或 https:// 开头的完整地址');
    await expect(page.getByText('还没有 Webhook')).toBeVisible();

    await page.getByLabel('接收地址（URL）').fill(rx.url);
    await page.getByRole('button', { name: '保存' }).click();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByRole('link', { name: rx.url })).toBeVisible();

    // A visitor enrols; within a few seconds the receiver has the event.
    const mobile = `139${String(Date.now()).slice(-8)}`;
    // (Its own request context: the visitor has none of the administrator's cookies.)
    const enrolled = await request.post('/api/v1/club/enrolments', {
      data: { name: '钱多多', mobile, password: 'Join@2026', birth_year: 1991, consent_marketing: true },
    });
    expect(enrolled.status()).toBe(201);
    await expect.poll(() => rx.got.length, { timeout: 15_000 }).toBe(1);
    const { headers, body } = rx.got[0];
    expect(headers['x-anju-event']).toBe('member.enrolled');
    const expected = createHmac('sha256', secret).update(`${headers['x-anju-timestamp']}.${body}`).digest('hex');
    expect(headers['x-anju-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(body).topic).toBe('member.enrolled');

    // The delivery log says so.
    await page.getByRole('link', { name: rx.url }).click();
    await waitForHydration(page);
    const row = page.locator('table.deliveries tbody tr').first();
    await expect(row).toContainText('member.enrolled');
    await expect(row).toContainText('已送达');
    await expect(row).toContainText('HTTP 200');

    // The audit log names who registered it; the filter narrows by record kind.
    await page.goto('/console/audit');
    await waitForHydration(page);
    await page.getByLabel('记录类型').selectOption('webhook');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/entity=webhook/);
    const entry = page.locator('table.audit tbody tr').first();
    await expect(entry).toContainText('webhook.create');
    await expect(entry).toContainText('系统管理员（admin）');
    await expect(page.locator('table.audit tbody tr').filter({ hasText: 'setting' })).toHaveCount(0);
  } finally {
    rx.server.close();
  }
});
