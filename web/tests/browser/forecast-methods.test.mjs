// The other forecasting methods (#/forecast/methods/<name>): the test-market estimate and
// the survey's counts are the API's, a kept test-market figure is stored, a Delphi round
// closed in the UI shows the API's median, a rep's composite call from the pipeline
// pre-fill reaches the manager's roll-up, and the screens speak zh-CN.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiGet, DEMO_PASSWORD, launchBrowser, newPage, signIn, skip, startServer } from './helpers.mjs';

const ready = (method) => `[data-testid="forecast-methods"][data-method="${method}"][data-state="ready"]`;

async function openMethod(page, base, method, query = '') {
  await page.goto(`${base}/#/forecast/methods/${method}${query}`);
  await page.locator(ready(method)).waitFor({ timeout: 60_000 });
}

/** A signed-in API client outside the browser (cookie + CSRF token). */
async function session(base, email) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: base },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `sign in ${email}`);
  const body = await res.json();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = body.csrf_token ?? body.user?.csrf_token;
  return {
    user: body.user,
    async call(method, path, payload) {
      const r = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf, Origin: base },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
  };
}

const num = async (locator) => Number(await locator.getAttribute('data-value'));
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('forecast methods', { skip }, () => {
  let server;
  let browser;
  let admin;
  let manager;
  let reps;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await session(server.base, server.adminEmail);
    const managers = (await admin.call('GET', '/users?role=manager&limit=100')).body.items;
    for (const m of managers) {
      const mine = (await admin.call('GET', `/users?role=rep&manager_id=${m.id}&limit=100`)).body.items;
      if (mine.length >= 2) {
        manager = m;
        reps = mine;
        break;
      }
    }
    assert.ok(manager, 'the demo has a manager with two reps');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('test market: the estimate is the API’s, and keeping it stores a forecast', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.base, server.adminEmail);
    await page.goto(`${server.base}/#/forecast`);
    await page.getByTestId('fm-tab-test-market').click();
    await page.locator(ready('test-market')).waitFor({ timeout: 60_000 });
    const rows = [
      ['Hangzhou', '1200', '40'],
      ['Suzhou', '900', '35'],
      ['Wuxi', '700', '22'],
    ];
    const trs = page.getByTestId('fm-tm-row');
    assert.equal(await trs.count(), 3);
    for (let i = 0; i < 3; i++) {
      await trs.nth(i).getByTestId('fm-tm-region').fill(rows[i][0]);
      await trs.nth(i).getByTestId('fm-tm-sales').fill(rows[i][1]);
      await trs.nth(i).getByTestId('fm-tm-factor').fill(rows[i][2]);
    }
    // A missing total is caught before the call, with the field named.
    await page.getByTestId('fm-tm-submit').click();
    assert.match(await page.getByTestId('fm-tm-status').textContent(), /whole market/);
    await page.getByTestId('fm-tm-total').fill('1000');
    await page.getByTestId('fm-tm-submit').click();
    await page.getByTestId('fm-tm-estimate').waitFor();
    const body = {
      regions: rows.map(([region, sales, f]) => ({ region, sales: Number(sales), market_factor: Number(f) })),
      market_factor_total: 1000,
    };
    const api = await admin.call('POST', '/forecast/test-market', body);
    assert.equal(api.status, 200);
    close(await num(page.getByTestId('fm-tm-estimate')), api.body.estimate, 'estimate');
    close(await num(page.getByTestId('fm-tm-i95')), api.body.lo95, 'lo95');

    await page.getByTestId('fm-keep-submit').click();
    await page.locator('[data-testid="fm-keep-status"].ok').waitFor();
    const kept = (await apiGet(page, '/forecasts?method=test_market&limit=50')).body.items;
    assert.ok(kept.some((f) => Math.abs(Number(f.amount) - api.body.estimate) < 0.01), 'the kept figure is listed');
    await context.close();
  });

  test('survey: pasted answers give the API’s counts and expected buyers', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.base, server.adminEmail);
    await openMethod(page, server.base, 'survey');
    await page.getByTestId('fm-sv-answers').fill('5\n4\n4, 3\n2\n1\n5\n4');
    await page.getByTestId('fm-sv-size').fill('20000');
    await page.getByTestId('fm-sv-submit').click();
    await page.getByTestId('fm-sv-buyers').waitFor();
    const api = await admin.call('POST', '/forecast/survey', { scale: 'five', answers: [5, 4, 4, 3, 2, 1, 5, 4], market_size: 20000, adjustment: 1 });
    assert.equal(api.status, 200);
    const counts = await page.locator('[data-testid="fm-sv-counts"] .chip').evaluateAll((els) => els.map((e) => Number(e.dataset.value)));
    assert.deepEqual(counts, api.body.counts);
    close(await num(page.getByTestId('fm-sv-buyers')), api.body.expected_buyers, 'expected buyers');
    // An answer off the scale is refused with a message, not sent.
    await page.getByTestId('fm-sv-answers').fill('5, 9');
    await page.getByTestId('fm-sv-submit').click();
    assert.match(await page.getByTestId('fm-sv-status').textContent(), /from 1 to 5/);
    await context.close();
  });

  test('Delphi: a manager creates a study, three answer, the round closes with the API’s median', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.base, manager.email);
    await openMethod(page, server.base, 'delphi');
    await page.getByTestId('fm-delphi-question').fill('Q3 revenue of the team?');
    await page.getByTestId('fm-delphi-create-submit').click();
    await page.locator('[data-testid="fm-delphi-study-view"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const id = /study=(\d+)/.exec(page.url())?.[1];
    assert.ok(id, 'the study opens');

    // Closing with too few answers says why.
    await page.getByTestId('fm-delphi-next').click();
    await page.locator('[data-testid="fm-delphi-next-status"].form-error').waitFor();

    for (const [rep, figure] of [
      [reps[0], 1000],
      [reps[1], 1400],
    ]) {
      const s = await session(server.base, rep.email);
      const r = await s.call('POST', `/forecast/delphi/${id}/answer`, { figure, reason: `reason of ${figure}` });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    await page.reload();
    await page.locator('[data-testid="fm-delphi-study-view"][data-state="ready"]').waitFor();
    await page.getByTestId('fm-delphi-figure').fill('1300');
    await page.getByTestId('fm-delphi-reason').fill('big deal in June');
    await page.getByTestId('fm-delphi-answer-submit').click();
    await page.getByTestId('fm-delphi-mine').waitFor();
    assert.equal(await num(page.getByTestId('fm-delphi-mine')), 1300);

    await page.getByTestId('fm-delphi-next').click();
    await page.locator('[data-testid="fm-delphi-round"][data-round="1"]').waitFor();
    const api = await apiGet(page, `/forecast/delphi/${id}`);
    assert.equal(api.status, 200);
    assert.equal(api.body.rounds[0].n, 3);
    close(await num(page.locator('[data-testid="fm-delphi-round"][data-round="1"] [data-testid="fm-delphi-median"]')), api.body.rounds[0].median, 'median');
    assert.match(await page.getByTestId('fm-delphi-reasons').textContent(), /big deal in June/);
    await context.close();
  });

  test('composite: a rep’s call from the pipeline pre-fill reaches the manager’s roll-up', async () => {
    const rep = reps[0];
    const month = new Date().toISOString().slice(0, 7);
    const { context, page } = await newPage(browser);
    await signIn(page, server.base, rep.email);
    await openMethod(page, server.base, 'composite', `?scope=user:${rep.id}&month=${month}`);
    const row = page.locator(`[data-testid="fm-rep-row"][data-scope="user:${rep.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('fm-adjust-form').count(), 0, 'a rep cannot adjust');
    await row.getByTestId('fm-prefill-best').click();
    const amount = Number(await row.getByTestId('fm-call-amount').inputValue());
    assert.ok(Number.isFinite(amount));
    await row.getByTestId('fm-call-submit').click();
    await page.getByTestId('fm-composite-flash').waitFor();
    await context.close();

    const m = await newPage(browser);
    await signIn(m.page, server.base, manager.email);
    await openMethod(m.page, server.base, 'composite', `?scope=user:${manager.id}&month=${month}`);
    const repRow = m.page.locator(`[data-testid="fm-rep-row"][data-scope="user:${rep.id}"]`);
    await repRow.waitFor({ timeout: 30_000 });
    close(await num(repRow.getByTestId('fm-rep-call')), amount, 'the rep’s call');
    const api = await apiGet(m.page, `/forecast/composite?scope=user:${manager.id}&month=${month}`);
    const line = api.body.lines.find((l) => l.scope.key === `user:${manager.id}`);
    assert.ok(line, 'a roll-up line for the manager');
    close(await num(m.page.locator(`[data-testid="fm-rollup-row"][data-scope="user:${manager.id}"] [data-testid="fm-rollup-submitted"]`)), line.submitted, 'roll-up submitted');
    assert.ok(line.submitted >= amount - 0.01);
    await m.context.close();
  });

  test('executive opinion and the econometric model show the API’s figures', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.base, server.adminEmail);
    await openMethod(page, server.base, 'opinion', '?scope=org');
    const opinion = await apiGet(page, '/forecast/opinion?scope=org');
    assert.equal(opinion.status, 200);
    await page.locator('[data-state="ready"] [data-testid="fm-opinion-forecast"]').waitFor({ timeout: 30_000 });
    if (opinion.body.people.length) {
      assert.equal(await page.locator('[data-testid="fm-opinion-table"] tbody tr').count(), opinion.body.people.length);
      close(await num(page.getByTestId('fm-opinion-forecast')), opinion.body.forecast, 'weighted forecast');
    }

    // An indicator that covers the history: a trend with a wiggle, plus two known future months.
    const sheet = (await apiGet(page, '/forecast/sheet?scope=org&horizon=1')).body;
    const months = [...sheet.history_months];
    for (let k = 0; k < 2; k++) {
      const [y, m] = months[months.length - 1].split('-').map(Number);
      months.push(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
    }
    const csv = ['month,demand', ...months.map((m, i) => `${m},${(100 + i + 5 * Math.sin(i)).toFixed(2)}`)].join('\n');
    await openMethod(page, server.base, 'econometric', '?scope=org');
    await page.getByTestId('fm-econ-csv').fill('month,demand\n2000-01,1\n2000-02,2');
    await page.getByTestId('fm-econ-submit').click();
    await page.locator('[data-testid="fm-econ-status"].form-error').waitFor();
    assert.match(await page.getByTestId('fm-econ-status').textContent(), /demand/, 'the server names the indicator');
    await page.getByTestId('fm-econ-csv').fill(csv);
    await page.getByTestId('fm-econ-horizon').fill('3');
    await page.getByTestId('fm-econ-submit').click();
    await page.getByTestId('fm-econ-r2').waitFor({ timeout: 30_000 });
    const econ = await admin.call('POST', '/forecast/econometric', { scope: 'org', horizon: 3, indicators: [{ name: 'demand', start: months[0], values: months.map((_, i) => Number((100 + i + 5 * Math.sin(i)).toFixed(2))), lags: [0] }] });
    assert.equal(econ.status, 200, JSON.stringify(econ.body));
    close(await num(page.getByTestId('fm-econ-r2')), econ.body.diagnostics.r_squared, 'R²');
    assert.equal(await page.locator('[data-testid="fm-econ-coefs"] tbody tr').count() >= 2, true);
    await context.close();
  });

  test('zh-CN labels on a method screen', async () => {
    const { context, page } = await newPage(browser, 'zh-CN');
    await signIn(page, server.base, server.adminEmail);
    await openMethod(page, server.base, 'test-market');
    assert.equal((await page.getByTestId('fm-tab-test-market').textContent()).trim(), '市场测试');
    assert.equal((await page.getByTestId('fm-tab-sheet').textContent()).trim(), '预测总表');
    assert.match(await page.getByTestId('fm-tm-card').textContent(), /测试区域/);
    assert.equal((await page.getByTestId('fm-tm-submit').textContent()).trim(), '计算');
    await context.close();
  });
});
