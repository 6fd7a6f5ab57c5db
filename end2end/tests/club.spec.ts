import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('a visitor enrols in the club and lands on the portal with welcome points', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '加入客户会' }).click();
  await expect(page).toHaveURL(/\/join$/);
  await expect(page.getByRole('heading', { name: '加入客户会' })).toBeVisible();

  // Under 18: refused with the reason, what was typed is kept.
  await page.getByLabel('姓名').fill('孙悦');
  await page.getByLabel('手机号').fill('13912345678');
  await page.getByLabel('设置密码').fill('Join@2026');
  await page.getByLabel('出生年份').fill('2015');
  await page.getByRole('button', { name: '立即入会' }).click();
  await expect(page.getByText('年满 18 周岁方可入会')).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveValue('孙悦');
  await expect(page.getByLabel('手机号')).toHaveValue('13912345678');

  await page.getByLabel('设置密码').fill('Join@2026');
  await page.getByLabel('出生年份').fill('1991');
  await page.getByLabel('学历').selectOption('bachelor');
  await page.getByRole('button', { name: '立即入会' }).click();
  await expect(page).toHaveURL(/\/points\?welcome=1$/);
  await expect(page.getByText('欢迎加入客户会！入会积分已到账。')).toBeVisible();
  await expect(page.getByTestId('points-balance')).toHaveText('200');
  await expect(page.getByText('普卡')).toBeVisible();
  await expect(page.locator('.ledger-row').first()).toContainText('入会礼');
});

test('a member redeems a reward and the balance and history follow', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await logIn(page, '13800000001');
  await page.goto('/points');
  await waitForHydration(page);
  await expect(page.getByTestId('points-balance')).toHaveText('2,270');
  await expect(page.getByText('银卡').first()).toBeVisible();
  await expect(page.getByText('90 天内到期')).toBeVisible();
  await expect(page.getByRole('button', { name: '已兑完 空调深度清洗' })).toBeDisabled();

  await page.getByRole('button', { name: '兑换 星河咖啡 饮品券' }).click();
  await expect(page.getByRole('status').filter({ hasText: '兑换成功' })).toBeVisible();
  await expect(page.getByTestId('points-balance')).toHaveText('1,970');
  await expect(page.getByRole('heading', { name: '我的兑换' })).toBeVisible();
  await expect(page.locator('.ledger-row').filter({ hasText: '星河咖啡 饮品券' }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('the club manager finds a member and adjusts points with a reason', async ({ page }) => {
  await logIn(page, 'club1');
  await page.goto('/lang/zh?next=/console/club');
  await expect(page.getByRole('heading', { name: '客户会' })).toBeVisible();
  await page.getByRole('searchbox').fill('0002');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByRole('link', { name: '李娜' }).click();
  await waitForHydration(page);
  await expect(page.getByTestId('member-balance')).toHaveText('250');

  // A blank reason is refused by the server, nothing changes.
  await page.getByLabel('积分（负数为扣减）').fill('100');
  await page.getByLabel('原因（必填，将记入审计）').fill('   ');
  await page.getByRole('button', { name: '确认调整' }).click();
  await expect(page.getByText('必填', { exact: true })).toBeVisible();
  await expect(page.getByTestId('member-balance')).toHaveText('250');

  await page.getByLabel('原因（必填，将记入审计）').fill('活动补发');
  await page.getByRole('button', { name: '确认调整' }).click();
  await expect(page.getByTestId('member-balance')).toHaveText('350');
  await expect(page.locator('.ledger-row').first()).toContainText('活动补发');

  await page.getByRole('link', { name: '‹ 会员' }).click();
  await page.getByRole('link', { name: '积分规则' }).click();
  await expect(page.getByLabel('入会积分')).toHaveValue('200');

  // A new partner offer, with its limits, appears in the list.
  await page.getByRole('link', { name: '联盟商家' }).click();
  await waitForHydration(page);
  await page.getByLabel('商家', { exact: true }).selectOption({ label: '星河咖啡 · 餐饮' });
  await page.getByLabel('优惠名称').fill('周末甜品买一送一');
  await page.getByLabel('优惠内容').fill('甜品买一送一');
  await page.getByLabel('适用等级').selectOption('silver');
  await page.getByLabel('开始日期').fill('2026-11-01');
  await page.getByLabel('有效期至').fill('2026-12-31');
  await page.getByLabel('每人限领').fill('2');
  await page.getByLabel('发放总量').fill('40');
  await page.getByRole('button', { name: '保存' }).first().click();
  await expect(page.getByRole('status')).toHaveText('已保存');
  await expect(page.getByRole('row').filter({ hasText: '周末甜品买一送一' })).toContainText('40 / 40');
});
