// Sign-in, the dashboard, and that every KPI tile shows what GET /dashboard says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiGet, newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

const OPEN = ['prospecting', 'qualification', 'proposal', 'negotiation'];

async function tileValues(page) {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-testid^="kpi-"]')].map((el) => [el.dataset.testid, el.dataset.value])),
  );
}

const num = (v) => (v === '' || v === undefined ? null : Number(v));

async function assertMatchesApi(page) {
  const board = page.getByTestId('dashboard');
  await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
  const from = await board.getAttribute('data-from');
  const to = await board.getAttribute('data-to');
  const { status, body: d } = await apiGet(page, `/dashboard?from=${from}&to=${to}`);
  assert.equal(status, 200);
  const tiles = await tileValues(page);
  assert.equal(num(tiles['kpi-total-sales']), d.total.sales, 'total sales');
  assert.equal(num(tiles['kpi-quota']), d.total.quota, 'quota');
  assert.equal(num(tiles['kpi-attainment']), d.total.attainment, 'attainment');
  assert.equal(num(tiles['kpi-win-rate']), d.win_rate.rate, 'win rate');
  const open = d.pipeline_by_stage.filter((r) => OPEN.includes(r.stage)).reduce((s, r) => s + r.amount, 0);
  assert.ok(Math.abs(num(tiles['kpi-open-pipeline']) - open) <= 1e-6 * Math.max(1, open), 'open pipeline');
  const teams = await page.$$eval('[data-testid="team-table"] tbody tr', (rows) =>
    rows.map((r) => ({ id: r.dataset.teamId, sales: Number(r.children[1].dataset.value), quota: Number(r.children[2].dataset.value) })),
  );
  assert.equal(teams.length, d.teams.length, 'one row per team');
  for (const t of d.teams) {
    const row = teams.find((x) => x.id === String(t.team_id));
    assert.ok(row, `team ${t.team_id} shown`);
    assert.equal(row.sales, t.sales);
    assert.equal(row.quota, t.quota);
  }
  return d;
}

describe('dashboard', { skip }, () => {
  const env = useServerAndBrowser();

  test('a wrong password shows the server’s reason and stays on sign-in', async () => {
    const { context, page } = await newPage(env.browser);
    await page.goto(`${env.server.base}/`);
    await page.getByTestId('signin-email').fill(env.server.adminEmail);
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-submit').click();
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    assert.ok((await error.textContent()).trim().length > 0);
    assert.equal(await page.getByTestId('nav').count(), 0);
    await context.close();
  });

  test('the admin signs in and sees the dashboard, whose figures equal the API’s', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await page.getByTestId('dashboard').waitFor();
    for (const id of ['kpi-total-sales', 'kpi-quota', 'kpi-attainment', 'kpi-win-rate', 'kpi-open-pipeline']) {
      await page.getByTestId(id).waitFor({ state: 'visible' });
    }
    const d = await assertMatchesApi(page);
    assert.ok(d.reps.length > 0, 'the demo has reps with figures');
    assert.equal(await page.getByTestId('nav-admin').count(), 1, 'admin sees Admin');

    for (const period of ['last12', 'quarter']) {
      await page.getByTestId(`period-${period}`).click();
      await page.waitForFunction((p) => {
        const el = document.querySelector('[data-testid="dashboard"]');
        return el?.dataset.period === p && el.dataset.state === 'ready';
      }, period);
      await assertMatchesApi(page);
    }

    // The session survives a reload (csrf token from GET /me), and sign-out ends it.
    await page.reload();
    await page.getByTestId('nav').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin').waitFor();
    assert.equal((await apiGet(page, '/me')).status, 401);
    await context.close();
  });

  test('the opportunity list pages and sorts on the server', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await page.goto(`${env.server.base}/#/opportunities`);
    const rows = page.locator('[data-testid="opportunities"] tbody tr');
    await rows.first().waitFor();
    const api = (await apiGet(page, '/opportunities?limit=50&offset=0&sort=close_date')).body;
    assert.equal(await rows.count(), Math.min(50, api.total));
    await page.locator('[data-testid="opportunities"] th button[data-sort="amount"]').click();
    await page.waitForFunction(() => location.hash.includes('sort=amount'));
    const byAmount = (await apiGet(page, '/opportunities?limit=50&offset=0&sort=amount')).body;
    await page.waitForFunction((id) => document.querySelector('[data-testid="opportunities"] tbody tr')?.dataset.id === id, String(byAmount.items[0].id));
    await page.getByTestId('opportunities-next').click();
    await page.waitForFunction(() => location.hash.includes('offset=50'));
    await context.close();
  });

  test('an overdue action item of a territory plan shows on the dashboard', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    // A plan and an action item whose deadline has passed, through the API.
    const created = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
      const plan = await (
        await fetch('/api/v1/territory_plans', {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: 'Browser test plan', horizon: '2026', revision: 1, status: 'draft' }),
        })
      ).json();
      const action = await fetch('/api/v1/plan_actions', {
        method: 'POST',
        headers,
        body: JSON.stringify({ plan_id: plan.id, title: 'Call the ten largest prospects', deadline: '2020-01-31', status: 'open' }),
      });
      return { plan: plan.id, status: action.status };
    });
    assert.equal(created.status, 201);
    await page.goto(`${env.server.base}/#/dashboard`);
    await page.reload();
    const card = page.getByTestId('card-overdue');
    await card.waitFor();
    const { body: d } = await apiGet(page, '/dashboard');
    assert.ok(d.overdue_actions.total >= 1);
    assert.equal(await page.getByTestId('overdue-row').count(), d.overdue_actions.items.length);
    assert.match(await card.textContent(), /Call the ten largest prospects/);
    await context.close();
  });
});
