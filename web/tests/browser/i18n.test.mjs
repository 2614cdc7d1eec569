// The language follows the browser, switches in the header, and is remembered.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

describe('language', { skip }, () => {
  const env = useServerAndBrowser();

  test('zh-CN ⇄ en switches the navigation and is remembered across reloads', async () => {
    const { context, page } = await newPage(env.browser, 'zh-CN');
    await signIn(page, env.server.base, env.server.adminEmail);
    const dashboard = page.getByTestId('nav-dashboard');
    assert.equal((await dashboard.textContent()).trim(), '仪表盘');
    assert.equal((await page.getByTestId('nav-opportunities').textContent()).trim(), '商机');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');

    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-dashboard"]')?.textContent.trim() === 'Dashboard');
    assert.equal((await page.getByTestId('nav-opportunities').textContent()).trim(), 'Opportunities');
    await page.reload();
    await page.getByTestId('nav').waitFor();
    assert.equal((await page.getByTestId('nav-dashboard').textContent()).trim(), 'Dashboard');

    await page.getByTestId('lang-zh-CN').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-dashboard"]')?.textContent.trim() === '仪表盘');
    assert.equal((await page.getByTestId('sign-out').textContent()).trim(), '退出登录');
    await context.close();
  });

  test('an English browser gets the English sign-in page', async () => {
    const { context, page } = await newPage(env.browser, 'en-US');
    await page.goto(`${env.server.base}/`);
    await page.getByTestId('signin-submit').waitFor();
    assert.equal((await page.getByTestId('signin-submit').textContent()).trim(), 'Sign in');
    await context.close();
  });
});
