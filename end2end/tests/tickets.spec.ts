import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, logIn, waitForHydration } from './helpers';

/** A real 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('a repair from the portal through 工程部 back to the member, who confirms and rates it', async ({ browser }) => {
  const member = await (await browser.newContext()).newPage();
  const agent = await (await browser.newContext()).newPage();
  const eng = await (await browser.newContext()).newPage();
  const title = '厨房水槽下方漏水';

  // The member opens a repair ticket.
  await logIn(member, '13800000001');
  await member.goto('/tickets');
  await waitForHydration(member);
  await member.getByLabel('类别').selectOption('repair.leaks');
  // Before sending, the knowledge base offers an answer for the category.
  await expect(member.getByRole('complementary').getByRole('link', { name: '卫生间或厨房漏水怎么办' })).toBeVisible();
  await member.getByLabel('标题').fill(title);
  await member.getByLabel('问题描述').fill('水槽下方柜体一直渗水，已关闭总阀。');
  await member.getByRole('button', { name: '提交' }).click();
  await expect(member.getByRole('heading', { name: title })).toBeVisible();
  await expect(member).toHaveURL(/\/tickets\/\d+$/);
  const ticketUrl = member.url();
  const ticketId = ticketUrl.split('/').pop();
  const timeline = member.getByRole('list', { name: '处理进度' });
  await expect(timeline.getByText('已受理')).toBeVisible();
  await expect(member.getByText(/时限：.*前响应/)).toBeVisible();

  // Photos: a text file named .png is refused; a real PNG is shown.
  const photos = member.getByRole('region', { name: '照片' });
  await photos.getByLabel('添加照片').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await photos.getByRole('button', { name: '上传' }).click();
  await expect(member.getByRole('alert')).toHaveText('只能上传 JPG 或 PNG 照片');
  await photos.getByLabel('添加照片').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: Buffer.from(TINY_PNG, 'base64') });
  await photos.getByRole('button', { name: '上传' }).click();
  await expect(member).toHaveURL(ticketUrl);
  const img = photos.getByRole('img');
  await expect(img).toHaveCount(1);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(1);

  // service1 finds it in the inbox and dispatches it to 工程部.
  await logIn(agent, 'service1');
  // The demo desk has overdue requests: they head service1's work queue.
  await expect(agent.getByRole('heading', { name: /服务单时限预警/ })).toBeVisible();
  await agent.goto('/console/service');
  await agent.getByRole('navigation', { name: '状态' }).getByRole('link', { name: '已受理' }).click();
  await expect(agent).toHaveURL(/status=received/);
  await agent.getByRole('link', { name: title }).click();
  await expect(agent.getByRole('heading', { name: title })).toBeVisible();
  await waitForHydration(agent);
  await agent.getByLabel('处理部门').selectOption('engineering');
  await agent.getByLabel('派单说明').fill('请今天上门');
  await agent.getByRole('button', { name: '派单', exact: true }).click();
  await expect(agent.getByRole('list', { name: '处理进度' }).getByText('已派单')).toBeVisible();

  // eng1 accepts and finishes the task.
  await logIn(eng, 'eng1');
  await eng.goto('/console/tasks');
  await waitForHydration(eng);
  const card = eng.getByRole('region', { name: title });
  await card.getByRole('button', { name: '接单' }).click();
  await card.getByLabel(/处理结果/).fill('更换水槽下水管并做闭水试验');
  await card.getByRole('button', { name: '处理完成' }).click();
  await expect(eng.getByRole('region', { name: title })).toHaveCount(0);

  // The member was notified of each step (in the header and on /notifications).
  await member.goto('/tickets');
  await expect(member.locator('.bell .count')).toHaveText(/\d+/);
  await member.getByRole('link', { name: /^通知/ }).click();
  await expect(member).toHaveURL(/\/notifications$/);
  await expect(member.getByRole('link', { name: /您的服务单 TS-\d{4}-\d{6}：已派单/ })).toBeVisible();
  await member.getByRole('link', { name: /处理完成，请确认/ }).click();
  await expect(member).toHaveURL(ticketUrl);

  // The member sees every step with its time and department, then confirms and rates.
  await member.goto(ticketUrl);
  await waitForHydration(member);
  for (const step of ['已受理', '已派单', '已接单，处理中', '部门处理完成', '待您确认']) {
    await expect(timeline.getByText(step, { exact: true })).toBeVisible();
  }
  await expect(timeline.getByText('工程部').first()).toBeVisible();
  await expect(timeline.getByText('更换水槽下水管并做闭水试验')).toBeVisible();
  await expect(timeline.locator('time').first()).toHaveText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await expect(member.getByText('等待确认，计时暂停')).toBeVisible();
  await member.getByRole('button', { name: '确认已解决' }).click();
  await expect(timeline.getByText('业主确认解决')).toBeVisible();
  await member.getByLabel('5 ★').check();
  await member.getByLabel('评价').fill('师傅很专业');
  await member.getByRole('button', { name: '提交评价' }).click();
  await expect(member.getByText('您的评价： ★★★★★')).toBeVisible();

  // The agent turns the resolution into a knowledge-base article members find.
  await agent.goto(ticketUrl.replace('/tickets/', '/console/tickets/'));
  await agent.getByRole('link', { name: '转为知识库文章' }).click();
  await expect(agent.getByLabel('标题')).toHaveValue(title);
  await expect(agent.getByLabel('正文')).toHaveValue(/更换水槽下水管并做闭水试验/);
  await waitForHydration(agent);
  await agent.getByLabel(/关键词/).fill('水槽、下水管');
  await agent.getByLabel('发布给会员').check();
  await agent.getByRole('button', { name: '保存' }).click();
  await expect(agent).toHaveURL(/\/console\/kb$/);
  await expect(agent.getByRole('link', { name: title })).toBeVisible();
  await member.goto('/help?q=' + encodeURIComponent('水槽'));
  await member.getByRole('link', { name: title }).click();
  await expect(member.getByRole('heading', { name: title })).toBeVisible();
  await expect(member.getByText(/更换水槽下水管并做闭水试验/)).toBeVisible();

  // Another member can open it neither by URL nor through the API.
  const other = await (await browser.newContext()).newPage();
  await logIn(other, '13800000002');
  await other.goto(ticketUrl);
  await expect(other.getByRole('heading', { name: title })).toHaveCount(0);
  await expect(other.getByRole('alert')).toBeVisible();
  const login = await other.request.post('/api/v1/auth/login', {
    data: { login: '13800000002', password: DEMO_PASSWORD },
  });
  const { access_token } = await login.json();
  const api = await other.request.get(`/api/v1/me/tickets/${ticketId}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(api.status()).toBe(404);
});

test('visitors read the knowledge base and search it', async ({ page }) => {
  await page.goto('/help');
  await expect(page.getByRole('heading', { name: '新业主须知' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '常见问题', level: 2 })).toBeVisible();
  await page.getByRole('searchbox').fill('物业费');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page).toHaveURL(/\/help\?q=/);
  await page.getByRole('link', { name: '物业费如何缴纳' }).click();
  await expect(page.getByRole('heading', { name: '物业费如何缴纳' })).toBeVisible();
  await expect(page.getByRole('link', { name: '我的服务单' })).toBeVisible();
});

test('an administrator changes an SLA target on the settings page', async ({ page }) => {
  await logIn(page, 'admin');
  // (An earlier spec left admin's language on English.)
  await page.goto('/lang/zh?next=/console/settings');
  await waitForHydration(page);
  const first = page.getByLabel('建议 · 低 首次响应（分钟）');
  await expect(first).toHaveValue('1440');
  // Resolution sooner than the first response: refused with the field named.
  const resolution = page.getByLabel('建议 · 低 解决（分钟）');
  await resolution.fill('60');
  await page.getByRole('button', { name: '建议 · 低 保存' }).click();
  await expect(page.getByRole('alert')).toContainText('解决（分钟）');
  await resolution.fill('10080');
  await first.fill('720');
  await page.getByRole('button', { name: '建议 · 低 保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('建议 · 低 首次响应（分钟）')).toHaveValue('720');
});

test('service1 records a hotline call for a caller found by mobile number', async ({ page }) => {
  await logIn(page, 'service1');
  await page.goto('/console/service');
  await waitForHydration(page);
  await page.getByText('登记来电 / 来访').click();
  await page.getByLabel('来电手机号').fill('139 9999 0000');
  await page.getByLabel('渠道').selectOption('hotline');
  await page.getByLabel('类别').selectOption('complaint.property');
  await page.getByLabel('优先级').selectOption('high');
  await page.getByLabel('标题').fill('楼道灯长期不亮');
  await page.getByLabel('问题描述').fill('3 单元 5 楼楼道灯坏了一周。');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('在您的客户中找不到该手机号，请先登记客户')).toBeVisible();
  await page.getByLabel('来电手机号').fill('13800000002');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('heading', { name: '楼道灯长期不亮' })).toBeVisible();
  await expect(page).toHaveURL(/\/console\/tickets\/\d+$/);
  await expect(page.getByText(/李娜 · 客服热线 · 高/)).toBeVisible();
  // A hotline call is answered within 2 hours: the countdown says how long is left.
  await expect(page.getByText(/前响应（剩余 (1 小时 \d+ 分|\d+ 分钟)）/)).toBeVisible();

  // Tagged as a property-management defect for the feedback report.
  await waitForHydration(page);
  await page.getByLabel('产品缺陷反馈').selectOption('property');
  await page.locator('section', { hasText: '产品缺陷反馈' }).getByRole('button', { name: '保存' }).click();
  await expect(page.getByLabel('产品缺陷反馈')).toHaveValue('property');
  await page.reload();
  await expect(page.getByLabel('产品缺陷反馈')).toHaveValue('property');
});

test('a member watching a request sees staff move it on without reloading', async ({ page, request }) => {
  test.setTimeout(60_000);
  await logIn(page, '13800000002');
  await page.goto('/tickets');
  await waitForHydration(page);
  const title = `阳台灯不亮 ${Date.now()}`;
  await page.getByLabel('类别').selectOption('repair.plumbing_electric');
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('问题描述').fill('阳台顶灯开关无反应。');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await waitForHydration(page);
  const ticketId = page.url().split('/').pop();
  const timeline = page.getByRole('list', { name: '处理进度' });
  await expect(timeline.getByText('已派单', { exact: true })).toHaveCount(0);

  // The service desk dispatches it through the API; the member's page,
  // which asks every 15 s, shows the step.
  const login = await request.post('/api/v1/auth/login', { data: { login: 'service1', password: DEMO_PASSWORD } });
  const { access_token } = await login.json();
  const dispatched = await request.post(`/api/v1/tickets/${ticketId}/dispatch`, {
    headers: { authorization: `Bearer ${access_token}` },
    data: { department: 'engineering' },
  });
  expect(dispatched.status()).toBe(200);
  await expect(timeline.getByText('已派单', { exact: true })).toBeVisible({ timeout: 25_000 });
});
