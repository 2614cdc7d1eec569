// Territory proposals in the background (#/territories, issue 4 "shows progress on long
// runs; can be cancelled"): the form starts a job, shows a progress bar while it runs and
// then the proposal; Cancel, or leaving the page, cancels the job on the server and no
// proposal is shown. Runs are made long by proposing for the whole demo organisation (about
// 3,000 accounts: a search takes a few tenths of a second) and adding `restarts` (the number
// of searches) to the form's request.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiGet, newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

const ready = '[data-testid="territories"][data-state="ready"]';
const idle = (mode) => `[data-testid="territories"][data-state="ready"][data-busy=""][data-mode="${mode}"]`;
const running = '[data-testid="territories"][data-busy="align"]';
// The progress block once the first search has ended (searches done > 0).
const moving = '[data-testid="tr-align-progress"]:not([data-done="0"])';

async function openTerritories(page, base, scope) {
  await page.goto(`${base}/#/territories?scope=${encodeURIComponent(scope)}&tau=0.05`);
  await page.locator(ready).waitFor({ timeout: 60_000 });
}

/** Makes the page's next proposals ask for `restarts` searches (a longer run). */
async function askForSearches(page, restarts) {
  await page.route('**/api/v1/territories/align_jobs', (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    return route.continue({ postData: JSON.stringify({ ...JSON.parse(req.postData() ?? '{}'), restarts }) });
  });
}

/** Polls the job through the API (as the page's user) until it is no longer running. */
async function settledJob(page, id, timeoutMs = 30_000) {
  const t0 = Date.now();
  for (;;) {
    const { status, body } = await apiGet(page, `/territories/align_jobs/${id}`);
    assert.equal(status, 200, JSON.stringify(body));
    if (body.state !== 'running' || Date.now() - t0 > timeoutMs) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Signs in as the admin (browser language `locale`), opens the organisation's territories
 * and starts a proposal of 64 searches; resolves to { context, page, id } once its first
 * search has ended (id: the job's).
 */
async function startLongProposal(env, locale = 'en-US') {
  const { context, page } = await newPage(env.browser, locale);
  await signIn(page, env.server.base, env.server.adminEmail);
  await openTerritories(page, env.server.base, 'org');
  await askForSearches(page, 64);
  await page.getByTestId('tr-propose').click();
  await page.locator(moving).waitFor({ timeout: 60_000 });
  const id = await page.getByTestId('tr-align-progress').getAttribute('data-job');
  return { context, page, id };
}

describe('territory proposals in the background', { skip }, () => {
  const env = useServerAndBrowser();
  test('the progress bar shows the searches, then the proposal of the API', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await openTerritories(page, env.server.base, 'org');
    await askForSearches(page, 8);
    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/territories/align_jobs') && r.request().method() === 'POST');
    await page.getByTestId('tr-propose').click();
    const job = await (await started).json();
    assert.equal(job.state, 'running');
    await page.locator(running).waitFor();
    assert.equal(await page.getByTestId('tr-align-cancel').count(), 1, 'a running proposal can be cancelled');
    const progress = page.locator(moving);
    await progress.waitFor({ timeout: 60_000 });
    const done = Number(await progress.getAttribute('data-done'));
    const planned = Number(await progress.getAttribute('data-planned'));
    assert.ok(done >= 1 && planned >= 8 && done <= planned, `${done} of ${planned} searches`);
    assert.equal(await page.getByTestId('tr-align-progress-bar').getAttribute('max'), String(planned));
    assert.match(await progress.textContent(), /Search \d+ of \d+ · best dispersion so far [\d,]+ km·h · [\d.]+ s/);

    await page.locator(idle('proposed')).waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('tr-align-progress').count(), 0, 'the bar goes with the run');
    assert.equal(await page.getByTestId('tr-align-cancel').count(), 0);
    const finished = await settledJob(page, job.id);
    assert.equal(finished.state, 'done');
    assert.equal(finished.searches_done, finished.searches_planned);
    assert.equal(await page.getByTestId('tr-move-row').count(), Math.min(200, finished.result.moves.length), 'the job’s proposal is shown');
    const maxdev = Number(await page.getByTestId('tr-kpi-maxdev').getAttribute('data-value'));
    assert.ok(Math.abs(maxdev - finished.result.metrics.max_workload_deviation) <= 1e-9, 'the tile shows the job’s result');
    // How close the plan is to the best possible, as the API says (or that it is not measured).
    const gap = await page.getByTestId('tr-gap').getAttribute('data-gap');
    if (finished.result.gap === null) assert.equal(gap, '');
    else assert.ok(Math.abs(Number(gap) - finished.result.gap) <= 1e-12, `${gap} vs ${finished.result.gap}`);
    await context.close();
  });

  test('without home bases the proposal says how close it is to the best possible', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await openTerritories(page, env.server.base, 'org');
    await page.getByTestId('tr-align-homes').uncheck();
    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/territories/align_jobs') && r.request().method() === 'POST');
    await page.getByTestId('tr-propose').click();
    const job = await (await started).json();
    await page.locator(idle('proposed')).waitFor({ timeout: 120_000 });
    const finished = await settledJob(page, job.id);
    assert.equal(finished.state, 'done');
    const { lower_bound_km_h: bound, gap, metrics } = finished.result;
    assert.ok(bound > 0 && bound <= metrics.dispersion_km_h * (1 + 1e-9), `bound ${bound} for a plan of ${metrics.dispersion_km_h}`);
    const shown = page.getByTestId('tr-gap');
    assert.ok(Math.abs(Number(await shown.getAttribute('data-gap')) - gap) <= 1e-12);
    assert.match(await shown.textContent(), /above the best possible plan/);
    await context.close();
  });

  test('Cancel stops the run: the job is cancelled and no proposal is shown', async () => {
    const { context, page, id } = await startLongProposal(env, 'zh-CN');
    assert.match(id, /^[0-9a-f]{32}$/);
    const cancelled = page.waitForRequest((r) => r.url().endsWith(`/api/v1/territories/align_jobs/${id}`) && r.method() === 'DELETE');
    assert.equal((await page.getByTestId('tr-align-cancel').textContent()).trim(), '取消');
    await page.getByTestId('tr-align-cancel').click();
    await cancelled;
    await page.locator(idle('current')).waitFor();
    assert.equal((await page.getByTestId('tr-align-notice').textContent()).trim(), '已取消本次建议计算，未做任何改动。');
    assert.equal(await page.getByTestId('tr-align-progress').count(), 0);
    assert.equal(await page.getByTestId('tr-propose').isDisabled(), false, 'the form is idle again');
    const job = await settledJob(page, id);
    assert.equal(job.state, 'cancelled');
    assert.equal(job.result, undefined);
    assert.ok(job.searches_done < job.searches_planned, `stopped after ${job.searches_done} of ${job.searches_planned}`);
    // Nothing arrives later either.
    await page.waitForTimeout(1000);
    assert.equal(await page.getByTestId('card-proposal').count(), 0, 'no proposal is shown');
    assert.equal(await page.locator('[data-testid="territories"]').getAttribute('data-mode'), 'current');
    await context.close();
  });

  test('leaving the page cancels a running proposal', async () => {
    const { context, page, id } = await startLongProposal(env);
    await page.goto(`${env.server.base}/#/dashboard`);
    await page.getByTestId('nav').waitFor();
    const job = await settledJob(page, id);
    assert.equal(job.state, 'cancelled');
    await context.close();
  });
});
