// Applying an alignment (#/territories): a manager proposes a realignment and applies it to
// the account owners after a confirm that says how many accounts change owner; dismissing
// the confirm sends nothing; accepting sends the shown alignment, and the page reloads the
// new current territories, which are the API's. A rep has no such button and is refused.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { apiGet, apiSession, newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

const ready = '[data-testid="territories"][data-state="ready"]';
const idle = (mode) => `[data-testid="territories"][data-state="ready"][data-busy=""][data-mode="${mode}"]`;
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: page ${a} vs API ${b}`);

describe('applying territories to account owners', { skip }, () => {
  const env = useServerAndBrowser();
  let team; // the smallest first-line team of three reps or more: quick to propose for
  let managerEmail;
  before(async () => {
    const admin = await apiSession(env.server.base, env.server.adminEmail);
    const scopes = (await admin.call('GET', '/forecast/scopes')).body.items.filter((s) => s.level === 'team' && s.user_id !== null);
    let best = null;
    for (const s of scopes) {
      const v = (await admin.call('GET', `/territories?scope=${encodeURIComponent(s.key)}`)).body;
      if (v.reps.length >= 3 && v.accounts.length >= 50 && (!best || v.reps.length < best.reps)) best = { scope: s, reps: v.reps.length };
    }
    assert.ok(best, 'the demo has a team of three reps or more');
    team = best.scope.key;
    managerEmail = (await admin.call('GET', `/users/${best.scope.user_id}`)).body.email;
  });

  test('a manager applies a proposal after a confirm that says how many accounts change owner', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, managerEmail);
    await page.goto(`${env.server.base}/#/territories?scope=${encodeURIComponent(team)}&tau=0.05`);
    await page.locator(ready).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('tr-apply').count(), 0, 'nothing to apply for the current alignment');
    const before = (await apiGet(page, `/territories?scope=${encodeURIComponent(team)}&tau=0.05`)).body;
    await page.getByTestId('tr-propose').click();
    await page.locator(idle('proposed')).waitFor({ timeout: 120_000 });
    const button = page.getByTestId('tr-apply');
    await button.waitFor();
    const n = Number(await button.getAttribute('data-count'));
    assert.ok(n > 0, 'the proposal moves some accounts');
    assert.equal(n, Number(await page.getByTestId('tr-moved-accounts').getAttribute('data-value')), 'as many as the proposal moves');

    // Dismissing the confirm sends nothing.
    const sent = [];
    page.on('request', (r) => r.url().endsWith('/api/v1/territories/apply') && sent.push(r));
    let asked = '';
    page.once('dialog', (d) => ((asked = d.message()), d.dismiss()));
    await button.click();
    assert.ok(asked.includes(`Accounts that will change owner: ${n.toLocaleString('en-US')}.`), asked);
    assert.equal(sent.length, 0);

    // Accepting applies the shown alignment and reloads the current territories.
    page.once('dialog', (d) => d.accept());
    const request = page.waitForRequest((r) => r.url().endsWith('/api/v1/territories/apply') && r.method() === 'POST');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/territories/apply'));
    await button.click();
    const body = JSON.parse((await request).postData());
    const reply = await response;
    assert.equal(reply.status(), 200, await reply.text());
    assert.equal(body.scope, team);
    assert.equal(body.alignment.length, before.accounts.length, 'the whole alignment is sent, as for what-if');
    const result = await reply.json();
    assert.equal(result.moved, n);
    await page.locator(`${idle('current')} [data-testid="tr-apply-status"][data-moved="${n}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('tr-apply').count(), 0);

    // The accounts now sit in the proposed territories, and the page shows that alignment.
    const now = (await apiGet(page, `/territories?scope=${encodeURIComponent(team)}&tau=0.05`)).body;
    const wanted = new Map(body.alignment.map((x) => [x.account_id, x.territory]));
    for (const a of now.accounts) assert.equal(a.territory, wanted.get(a.id), `territory of ${a.id}`);
    close(Number(await page.getByTestId('tr-kpi-maxdev').getAttribute('data-value')), now.metrics.max_workload_deviation, 'the reloaded largest deviation');
    const change = result.changes[0];
    const account = (await apiGet(page, `/accounts/${change.account_id}`)).body;
    assert.equal(`user:${account.owner_id}`, change.to, 'the account has its new owner');
    await context.close();
  });

  test('after a what-if move, applying gives the one moved account its new owner', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, managerEmail);
    await page.goto(`${env.server.base}/#/territories?scope=${encodeURIComponent(team)}&tau=0.05`);
    await page.locator(idle('current')).waitFor({ timeout: 60_000 });
    const view = (await apiGet(page, `/territories?scope=${encodeURIComponent(team)}&tau=0.05`)).body;
    const from = view.reps[0].key;
    const to = view.reps[1].key;
    await page.getByTestId('tr-list-territory').selectOption(from);
    const row = page.locator(`[data-testid="tr-account-row"][data-territory="${from}"]`).first();
    const accountId = await row.getAttribute('data-account');
    await row.click();
    await page.getByTestId('tr-move-to').selectOption(to);
    await page.getByTestId('tr-move-submit').click();
    await page.locator(idle('edited')).waitFor({ timeout: 60_000 });
    const button = page.getByTestId('tr-apply');
    assert.equal(await button.getAttribute('data-count'), '1', 'one account changes owner');
    let asked = '';
    page.once('dialog', (d) => ((asked = d.message()), d.accept()));
    await button.click();
    await page.locator(`${idle('current')} [data-testid="tr-apply-status"][data-moved="1"]`).waitFor({ timeout: 60_000 });
    assert.ok(asked.includes('Accounts that will change owner: 1.'), asked);
    const account = (await apiGet(page, `/accounts/${accountId}`)).body;
    assert.equal(`user:${account.owner_id}`, to);
    const now = (await apiGet(page, `/territories?scope=${encodeURIComponent(team)}&tau=0.05`)).body;
    assert.equal(now.accounts.find((a) => a.id === accountId).territory, to);
    assert.equal(await page.getByTestId('tr-edits').getAttribute('data-count'), '0', 'no edits left after the reload');
    await context.close();
  });

  test('a rep has no apply button, and the API refuses the rep', async () => {
    const admin = await apiSession(env.server.base, env.server.adminEmail);
    const rep = (await admin.call('GET', '/users?role=rep&limit=1')).body.items[0];
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, rep.email);
    await page.goto(`${env.server.base}/#/territories`);
    await page.locator(ready).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('tr-apply').count(), 0);
    const view = (await apiGet(page, `/territories?scope=user:${rep.id}`)).body;
    const asRep = await apiSession(env.server.base, rep.email);
    const r = await asRep.call('POST', '/territories/apply', { scope: `user:${rep.id}`, alignment: view.accounts.map((a) => ({ account_id: a.id, territory: a.territory })) });
    assert.equal(r.status, 403, JSON.stringify(r.body));
    await context.close();
  });
});
