// The language follows the browser, switches in the header, and is remembered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newPage, signIn, skip, startServer } from './helpers.mjs';

describe('language', { skip }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('zh-CN ⇄ en switches the navigation and is remembered across reloads', async () => {
    const { context, page } = await newPage(browser, 'zh-CN');
    await signIn(page, server.base, server.adminEmail);
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
    const { context, page } = await newPage(browser, 'en-US');
    await page.goto(`${server.base}/`);
    await page.getByTestId('signin-submit').waitFor();
    assert.equal((await page.getByTestId('signin-submit').textContent()).trim(), 'Sign in');
    await context.close();
  });
});
