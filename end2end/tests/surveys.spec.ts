import { expect, test } from '@playwright/test';
import { logIn, waitForHydration } from './helpers';

test('marketing builds a survey and sends it to segments; a member answers it and the result counts', async ({ browser }) => {
  const mkt = await browser.newPage();
  await logIn(mkt, 'mkt1');
  await mkt.goto('/console/marketing');
  await waitForHydration(mkt);
  await mkt.getByRole('button', { name: '立即重算' }).click();
  await expect(mkt.getByRole('status').filter({ hasText: '已重算' })).toBeVisible();

  await mkt.getByRole('link', { name: '问卷调查 ›' }).click();
  await expect(mkt).toHaveURL(/\/console\/surveys$/);
  await waitForHydration(mkt);
  const title = `业主满意度调查 ${Date.now() % 100000}`;
  await mkt.getByLabel('问卷标题').fill(title);
  await mkt.getByRole('button', { name: '创建并添加题目' }).click();
  await expect(mkt).toHaveURL(/\/console\/surveys\/\d+$/);
  await expect(mkt.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(mkt.getByText('还没有题目，先添加一道')).toBeVisible();

  // A choice question with one option is refused beside the field.
  await mkt.getByLabel('题干').fill('您最满意的方面');
  await mkt.getByLabel('题型').selectOption({ label: '单选' });
  await mkt.getByLabel('选项（每行一个，单选/多选题用）').fill('物业服务');
  await mkt.getByRole('button', { name: '添加题目' }).click();
  await expect(mkt.locator('.field-error')).toHaveText('选择题至少需要 2 个不同选项');
  await mkt.getByLabel('选项（每行一个，单选/多选题用）').fill('物业服务\n园林景观');
  await mkt.getByRole('button', { name: '添加题目' }).click();
  await expect(mkt.locator('ol.questions li')).toHaveCount(1);

  await mkt.getByLabel('题干').fill('总体而言，您对我们满意吗？');
  await mkt.getByLabel('题型').selectOption({ label: '1–5 分' });
  await mkt.getByLabel('选项（每行一个，单选/多选题用）').fill('');
  await mkt.getByLabel('计入指标（仅 1–5 分题）').selectOption({ label: '总体满意度' });
  await mkt.getByRole('button', { name: '添加题目' }).click();
  await expect(mkt.locator('ol.questions li')).toHaveCount(2);

  // To every segment: the demo members are in one of them.
  for (const segment of ['顶端客户', '高端客户', '中端客户', '低端客户', '潜在客户', '观望客户', '不活跃客户']) {
    await mkt.getByLabel(segment).check();
  }
  await mkt.getByRole('button', { name: '发送问卷' }).click();
  await expect(mkt.getByRole('status').filter({ hasText: '已邀请' })).toBeVisible();
  await expect(mkt.locator('h1 .badge')).toHaveText('进行中');
  // Sent: the questions are fixed.
  await expect(mkt.getByRole('button', { name: '添加题目' })).toHaveCount(0);
  const surveyUrl = mkt.url();

  // 张伟 answers in the portal and earns the survey points.
  const zhang = await browser.newPage();
  await logIn(zhang, '13800000001');
  await zhang.goto('/');
  await expect(zhang.getByTestId('surveys-to-answer')).not.toHaveText('0');
  await zhang.goto('/surveys');
  await waitForHydration(zhang);
  await zhang.getByRole('link', { name: title }).click();
  await expect(zhang).toHaveURL(/\/surveys\/\d+$/);
  await waitForHydration(zhang);
  await zhang.getByLabel('物业服务').check();
  await zhang.getByLabel('5', { exact: true }).check();
  await zhang.getByRole('button', { name: '提交问卷' }).click();
  await expect(zhang.getByText('感谢您的反馈！')).toBeVisible();
  await expect(zhang.getByTestId('survey-points')).toHaveText('+20 积分');
  await zhang.goto('/surveys');
  await expect(zhang.locator('li').filter({ hasText: title })).toContainText('已完成');

  // The result counts.
  await mkt.goto(surveyUrl);
  await expect(mkt.getByTestId('survey-responses')).toHaveText('1');
  await expect(mkt.getByTestId('rate-satisfaction')).toHaveText('100.0%');
  await expect(mkt.getByText('“总体满意度”题答 4 或 5 分的人数 ÷ 作答该题的人数')).toBeVisible();
});
