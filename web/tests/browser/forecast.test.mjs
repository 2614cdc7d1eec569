// The forecast sheet (#/forecast): the org sheet shows what GET /forecast/sheet says,
// committing a figure and entering one's own forecast are stored and shown after a
// reload, keeping the engine's forecast stores its figures, a rep sees only their own scope
// (another rep's is "not found"), and the page speaks zh-CN.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiGet, newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

const ready = '[data-testid="forecast"][data-state="ready"]';

async function openSheet(page, base, query = '') {
  await page.goto(`${base}/#/forecast${query}`);
  await page.locator(ready).waitFor({ timeout: 60_000 });
}

/** The cell values (data-value) of a table row, one per forecast month. */
function rowValues(row) {
  return row.locator('td.num').evaluateAll((cells) => cells.map((c) => (c.dataset.value === '' ? null : Number(c.dataset.value))));
}

describe('forecast sheet', { skip }, () => {
  const env = useServerAndBrowser();

  test('an admin sees the org sheet with the numbers of the API', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    assert.equal(await page.locator('[data-testid="nav-forecast"] .nav-soon').count(), 0, 'forecast is no longer “soon”');
    await page.getByTestId('nav-forecast').click();
    await page.locator(ready).waitFor({ timeout: 60_000 });
    const root = page.getByTestId('forecast');
    assert.equal(await root.getAttribute('data-scope'), 'org');
    assert.equal(await root.getAttribute('data-horizon'), '6');

    const { status, body: sheet } = await apiGet(page, '/forecast/sheet?scope=org&horizon=6');
    assert.equal(status, 200);
    assert.ok(sheet.history.length > 12, 'the demo has more than a year of history');
    assert.equal(Number(await root.getAttribute('data-history-length')), sheet.history.length, 'history length');

    // Month columns and the engine's automatic forecast, cell by cell.
    const months = await page.locator('[data-testid="fc-table"] thead th[data-month]').evaluateAll((ths) => ths.map((th) => th.dataset.month));
    assert.deepEqual(months, sheet.months);
    const auto = sheet.forecasts.find((f) => f.source === 'engine:auto');
    assert.ok(auto && Number.isFinite(auto.mean[0]), 'the engine forecasts the org');
    const autoRow = page.locator('[data-testid="fc-row"][data-source="engine:auto"][data-kept="false"]');
    assert.equal(await autoRow.count(), 1);
    const shown = await rowValues(autoRow);
    assert.equal(shown[0], auto.mean[0], 'engine:auto, first month');
    assert.deepEqual(shown, auto.mean);
    const text = (await autoRow.locator('td.num').first().textContent()).trim();
    assert.equal(text, new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(auto.mean[0]), 'formatted in the locale');
    assert.deepEqual(await rowValues(page.getByTestId('fc-suggested')), sheet.suggested);
    assert.equal(await page.getByTestId('fc-row').count(), sheet.forecasts.length, 'one row per source');

    // The fan chart is drawn, and the auto source's fan is the one shown.
    assert.equal(await page.locator('[data-testid="chart-fan"] canvas').count() > 0, true);
    assert.equal(await page.getByTestId('fc-fan-source').inputValue(), String(sheet.forecasts.indexOf(auto)));

    // The league is a table when there are scored forecasts, a plain message otherwise.
    if (sheet.league.length) {
      assert.equal(await page.locator('[data-testid="fc-league-table"] tbody tr').count(), sheet.league.length);
    } else {
      assert.equal(await page.getByTestId('fc-league-table').count(), 0);
      assert.match(await page.getByTestId('card-league').textContent(), /No forecast has been scored yet/);
    }

    // Another horizon reloads the sheet with that many months.
    await page.getByTestId('fc-horizon-12').click();
    await page.locator('[data-testid="forecast"][data-state="ready"][data-horizon="12"]').waitFor();
    assert.equal(await page.locator('[data-testid="fc-table"] thead th[data-month]').count(), 12);
    assert.match(page.url(), /horizon=12/);
    await context.close();
  });

  test('a committed figure and one’s own forecast are stored and shown after a reload', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await openSheet(page, env.server.base, '?scope=org&horizon=6');
    const { body: sheet } = await apiGet(page, '/forecast/sheet?scope=org&horizon=6');
    const month = sheet.months[1];

    // The amount starts as the suggested figure; a wrong one is refused with the field named.
    await page.getByTestId('fc-commit-month').selectOption(month);
    assert.equal(Number(await page.getByTestId('fc-commit-amount').inputValue()), Math.round(sheet.suggested[1]));
    await page.getByTestId('fc-commit-amount').fill('-5');
    await page.getByTestId('fc-commit-submit').click();
    assert.match(await page.locator('[data-testid="fc-commit-status"].form-error').textContent(), /Amount/);

    const note = 'Q4 push: 华东 key accounts';
    await page.getByTestId('fc-commit-amount').fill('12345678.5');
    await page.getByTestId('fc-commit-note').fill(note);
    await page.getByTestId('fc-commit-submit').click();
    await page.locator('[data-testid="fc-commit-status"].ok').waitFor();
    await page.locator(ready).waitFor();

    // Own forecast: an admin gives executive opinion.
    assert.equal(await page.getByTestId('fc-own-form').getAttribute('data-method'), 'executive');
    await page.getByTestId('fc-own-month').selectOption(sheet.months[0]);
    await page.getByTestId('fc-own-amount').fill('30000000');
    await page.getByTestId('fc-own-note').fill('board view');
    await page.getByTestId('fc-own-submit').click();
    await page.locator('[data-testid="fc-own-status"].ok').waitFor();

    await page.reload();
    await page.locator(ready).waitFor({ timeout: 60_000 });
    const cell = page.locator(`[data-testid="fc-committed"] td[data-month="${month}"]`);
    assert.equal(Number(await cell.getAttribute('data-value')), 12345678.5);
    assert.equal((await cell.getByTestId('fc-committed-note').textContent()).trim(), note);
    const me = (await apiGet(page, '/me')).body;
    const own = page.locator(`[data-testid="fc-row"][data-source="executive:${me.name}"]`);
    assert.equal(await own.count(), 1, 'the executive opinion is a row of its own');
    assert.equal((await rowValues(own))[0], 30000000);

    const stored = await apiGet(page, `/forecasts?method=committed&period=${month}`);
    assert.equal(stored.status, 200);
    const row = stored.body.items.find((r) => r.note === note);
    assert.ok(row, 'GET /forecasts lists the committed figure');
    assert.equal(Number(row.amount), 12345678.5);
    assert.equal(row.currency, sheet.currency);
    assert.equal(row.scope_user_id, null, 'the org scope');
    await context.close();
  });

  test('keeping the engine’s forecast stores its figures for scoring', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await openSheet(page, env.server.base, '?scope=org&horizon=3');
    const before = (await apiGet(page, '/forecasts?method=statistical&model=theta&limit=1')).body.total;
    await page.getByTestId('fc-keep-method').selectOption('theta');
    await page.getByTestId('fc-keep-submit').click();
    await page.locator('[data-testid="fc-keep-status"].ok').waitFor();
    await page.locator(ready).waitFor();
    const after = (await apiGet(page, '/forecasts?method=statistical&model=theta&limit=1')).body.total;
    assert.equal(after, before + 3, 'three months kept');
    // The kept figures are the live engine's (to the cent), so the sheet still shows one row per
    // source: no second "engine:theta" beside the live one.
    const { body: sheet } = await apiGet(page, '/forecast/sheet?scope=org&horizon=3');
    assert.equal(await page.getByTestId('fc-row').count(), sheet.forecasts.length, 'one row per source of the API');
    const rows = page.locator('[data-testid="fc-row"][data-source="engine:theta"]');
    assert.equal(await rows.count(), sheet.forecasts.filter((f) => f.source === 'engine:theta').length);
    const stored = (await apiGet(page, '/forecasts?method=statistical&model=theta&sort=-id&limit=3')).body.items;
    const live = await rowValues(rows.first());
    for (const r of stored) {
      const i = sheet.months.indexOf(r.period);
      assert.ok(i >= 0, `kept month ${r.period} is on the sheet`);
      assert.ok(Math.abs(Number(r.amount) - live[i]) <= 0.006, `${r.period}: kept ${r.amount} vs shown ${live[i]}`);
    }
    await context.close();
  });

  test('a rep sees only their own scope; another rep’s is not found', async () => {
    const admin = await newPage(env.browser);
    await signIn(admin.page, env.server.base, env.server.adminEmail);
    const reps = (await apiGet(admin.page, '/users?role=rep&limit=2')).body.items;
    assert.equal(reps.length, 2);
    await admin.context.close();
    const [me, other] = reps;

    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, me.email);
    await openSheet(page, env.server.base);
    const options = await page.locator('[data-testid="fc-scope"] option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, [`user:${me.id}`]);
    assert.equal(await page.getByTestId('forecast').getAttribute('data-scope'), `user:${me.id}`);
    assert.equal(await page.getByTestId('fc-own-form').getAttribute('data-method'), 'composite');

    await page.goto(`${env.server.base}/#/forecast?scope=user:${other.id}`);
    await page.getByTestId('forecast-not-found').waitFor();
    assert.equal(await page.getByTestId('fc-table').count(), 0, 'no figures of another rep');
    assert.equal(await page.getByTestId('chart-fan').count(), 0);
    assert.equal((await apiGet(page, `/forecast/sheet?scope=user:${other.id}`)).status, 404);
    await page.goto(`${env.server.base}/#/forecast?scope=org`);
    await page.getByTestId('forecast-not-found').waitFor();
    await context.close();
  });

  test('the language switch shows the page in zh-CN', async () => {
    const { context, page } = await newPage(env.browser, 'en-US');
    await signIn(page, env.server.base, env.server.adminEmail);
    await openSheet(page, env.server.base, '?scope=org');
    assert.equal((await page.locator('.page-header h1').textContent()).trim(), 'Sales forecast');
    await page.getByTestId('lang-zh-CN').click();
    await page.waitForFunction(() => document.querySelector('.page-header h1')?.textContent.trim() === '销售预测');
    await page.locator(ready).waitFor();
    assert.equal((await page.locator('[data-testid="card-side-by-side"] h2').textContent()).trim(), '各方法预测对比');
    assert.equal((await page.locator('[data-testid="fc-table"] thead th').first().textContent()).trim(), '来源');
    assert.equal((await page.getByTestId('fc-suggested').locator('td').first().textContent()).trim(), '建议预测（加权组合）');
    assert.equal((await page.getByTestId('fc-commit-submit').textContent()).trim(), '确认承诺');
    assert.equal((await page.locator('[data-testid="fc-scope"] option').first().textContent()).trim(), '全公司');
    assert.equal((await page.getByTestId('nav-forecast').textContent()).trim(), '销售预测');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await context.close();
  });
});
