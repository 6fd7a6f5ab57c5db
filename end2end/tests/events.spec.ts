import { expect, Page, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

/** A `datetime-local` value `hours` from now, Beijing time. */
function beijing(hours: number): string {
  return new Date(Date.now() + (8 + hours) * 3_600_000).toISOString().slice(0, 16);
}

async function openEvents(page: Page) {
  await page.goto('/events');
  await waitForHydration(page);
}

test('a member signs up for a full event, waits, gets the seat, and is checked in', async ({ browser }) => {
  const title = `业主品酒会 ${Date.now() % 100000}`;
  const club = await browser.newPage();
  await logIn(club, 'club1');
  await club.goto('/console/club/events');
  await waitForHydration(club);
  // A bad capacity is refused beside its field, nothing saved.
  await club.getByLabel('活动名称').fill(title);
  await club.getByLabel('地点').fill('安居会所 酒窖');
  await club.getByLabel('开始时间').fill(beijing(1));
  await club.getByLabel('结束时间').fill(beijing(0.5));
  await club.getByLabel('名额').fill('1');
  await club.getByLabel('签到积分（留空按积分规则）').fill('30');
  await club.getByRole('button', { name: '保存' }).click();
  await expect(club.locator('.field-error')).toHaveText('结束日期不能早于开始日期');
  await club.getByLabel('结束时间').fill(beijing(3));
  await club.getByRole('button', { name: '保存' }).click();
  await expect(club.getByRole('status').filter({ hasText: '活动已保存' })).toBeVisible();
  await expect(club.getByRole('link', { name: title })).toBeVisible();

  // 张伟 takes the only seat.
  const zhang = await browser.newPage();
  await logIn(zhang, '13800000001');
  await openEvents(zhang);
  await zhang.getByRole('button', { name: `报名 ${title}` }).click();
  await expect(zhang.getByRole('status').filter({ hasText: '报名成功' })).toBeVisible();
  const zhangCard = zhang.locator('.event').filter({ hasText: title });
  await expect(zhangCard.getByTestId('my-place')).toHaveText('已报名');

  // 李娜 finds it full and joins the waitlist.
  const li = await browser.newPage();
  await logIn(li, '13800000002');
  await openEvents(li);
  const liCard = li.locator('.event').filter({ hasText: title });
  await expect(liCard).toContainText('名额已满');
  await li.getByRole('button', { name: `排队候补 ${title}` }).click();
  await expect(li.getByRole('status').filter({ hasText: '候补第 1' })).toBeVisible();
  await expect(liCard.getByTestId('my-place')).toHaveText('候补第 1');

  // 张伟 cancels: the seat goes to 李娜, who is told.
  await zhang.getByRole('button', { name: `取消报名 ${title}` }).click();
  await expect(zhang.getByRole('status').filter({ hasText: '已取消报名' })).toBeVisible();
  await li.reload();
  await expect(li.locator('.event').filter({ hasText: title }).getByTestId('my-place')).toHaveText('已报名');
  await li.goto('/notifications');
  await expect(li.getByText(`候补成功：您已获得活动「${title}」的名额`)).toBeVisible();

  // At the door: club1 checks 李娜 in by member number; she earns 30 points.
  await club.getByRole('link', { name: title }).click();
  await expect(club.getByRole('heading', { name: title })).toBeVisible();
  await waitForHydration(club);
  const row = club.locator('tr').filter({ hasText: '李娜' });
  await expect(row).toContainText('已报名');
  const memberNo = (await row.locator('td').first().textContent())?.trim() ?? '';
  expect(memberNo).toMatch(/^AJ\d{8}$/);
  await club.getByLabel('会员号').fill(memberNo.toLowerCase());
  await club.getByRole('button', { name: '签到', exact: true }).click();
  await expect(club.getByRole('status').filter({ hasText: '签到成功' })).toContainText('+30');
  await expect(club.locator('tr').filter({ hasText: '李娜' })).toContainText('已签到');
  await club.getByLabel('会员号').fill(memberNo);
  await club.getByRole('button', { name: '签到', exact: true }).click();
  await expect(club.getByRole('alert')).toHaveText('该会员已签到');

  await li.goto('/points');
  await expect(li.locator('.ledger-row').filter({ hasText: title })).toContainText('+30');
});

test('a member refers a friend and follows the referral', async ({ page }) => {
  const mobile = `139${String(Date.now()).slice(-8)}`;
  await logIn(page, '13800000001');
  await page.goto('/referrals');
  await waitForHydration(page);
  await expect(page.getByText('好友签约后您可获得')).toContainText('2,000');
  // Someone already on file cannot be referred; a bad number is named.
  await page.getByLabel('好友姓名').fill('李娜');
  await page.getByLabel('手机号').fill('13800000002');
  await page.getByRole('button', { name: '提交推荐' }).click();
  await expect(page.getByRole('alert')).toHaveText('该好友已在我们的客户名单中，无法重复推荐');
  await page.getByLabel('手机号').fill('1380000');
  await page.getByRole('button', { name: '提交推荐' }).click();
  await expect(page.locator('.field-error')).toHaveText('请输入 11 位大陆手机号');

  await page.getByLabel('好友姓名').fill('赵六');
  await page.getByLabel('手机号').fill(mobile);
  await page.getByRole('button', { name: '提交推荐' }).click();
  await expect(page.getByRole('status').filter({ hasText: '推荐成功' })).toBeVisible();
  const row = page.getByTestId('referral').filter({ hasText: '赵六' });
  await expect(row).toContainText(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
  await expect(row).toContainText('已推荐');

  // The friend is a lead from 老带新 for the sales team.
  const manager = await page.context().browser()!.newPage();
  await logIn(manager, 'manager1');
  await manager.goto(`/console/customers?q=${mobile}`);
  await expect(manager.getByRole('link', { name: '赵六' })).toBeVisible();
});

test('members read project news before the public launch', async ({ page, browser }) => {
  const title = `二期开盘预告 ${Date.now() % 100000}`;
  await logIn(page, 'club1');
  await page.goto('/console/club/news');
  await waitForHydration(page);
  const today = beijing(0).slice(0, 10);
  const later = new Date(Date.now() + (8 + 24 * 10) * 3_600_000).toISOString().slice(0, 10);
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('内容').fill('会员可提前预约看房，12 月中旬公开发售。');
  await page.getByLabel('会员可见日期').fill(today);
  await page.getByLabel('公开日期（留空则仅会员可见）').fill(later);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '资讯已发布' })).toBeVisible();

  const member = await browser.newPage();
  await logIn(member, '13800000002');
  await member.goto('/homes');
  const item = member.getByTestId('news-item').filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item).toContainText('会员抢先看');

  // A visitor does not see it before the launch.
  const visitor = await browser.newPage();
  await visitor.goto('/');
  await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(visitor.getByText(title)).toHaveCount(0);
});
