import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, logIn, waitForHydration } from './helpers';

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

  // service1 finds it in the inbox and dispatches it to 工程部.
  await logIn(agent, 'service1');
  await agent.goto('/console/service');
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
