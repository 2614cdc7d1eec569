// Territory plans (#/territories/plans): a manager opens a rep's plan page, sees the
// territory's figures as the API gives them, creates a plan, answers, saves and finds the
// answer after a reload, adds and reviews an action item, saves a new revision (a second
// record, revision 2, the old one read-only) and exports the plan as Markdown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiGet, launchBrowser, newPage, signIn, skip, startServer } from './helpers.mjs';

const MANAGER = 'gao.xinyi@huarui.example';
const root = '[data-testid="territory-plans"]';
const ready = `${root}[data-state="ready"]`;

describe('territory plans', { skip }, () => {
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

  test('a manager plans a rep territory in five phases, with its figures, actions, revisions and export', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.base, MANAGER);
    const reps = (await apiGet(page, '/forecast/scopes')).body.items.filter((s) => s.level === 'rep');
    assert.ok(reps.length > 0, 'the manager reaches some reps');
    const rep = reps[0];
    const facts = (await apiGet(page, `/territories/facts?scope=${encodeURIComponent(rep.key)}`)).body;

    await page.goto(`${server.base}/#/territories/plans?rep=${rep.user_id}`);
    await page.locator(`${ready}[data-rep="${rep.user_id}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('tp-rep').inputValue(), String(rep.user_id));
    assert.equal(await page.getByTestId('tp-list').count(), 0, 'no plans yet');

    // Create a plan; the five phases appear with the facts beside them.
    const title = `Plan ${rep.name} 2027`;
    await page.getByTestId('tp-new-title').fill(title);
    await page.getByTestId('tp-create').click();
    await page.locator(`${ready}[data-revision="1"]`).waitFor({ timeout: 20_000 });
    const planId = await page.locator(root).getAttribute('data-plan');
    assert.ok(planId);
    for (const n of [1, 2, 3, 4, 5]) assert.equal(await page.getByTestId(`tp-phase-${n}`).count(), 1, `phase ${n}`);
    assert.equal(await page.locator('[data-testid^="tp-answer-"]').count(), 17, 'one answer per question');

    // Facts equal the API's.
    const conv = page.getByTestId('tp-fact-conversion');
    if (facts.conversion_rate === null) assert.equal(await conv.getAttribute('data-value'), '');
    else assert.equal(Number(await conv.getAttribute('data-value')), facts.conversion_rate);
    const pct = facts.conversion_rate === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(facts.conversion_rate);
    assert.ok((await conv.textContent()).includes(pct), `conversion rate ${pct}`);
    assert.equal(Number(await page.getByTestId('tp-fact-pipeline').getAttribute('data-value')), facts.pipeline);
    assert.equal(await page.getByTestId('tp-spark').getAttribute('data-points'), String(facts.monthly.length));
    if (facts.top_customers.length) assert.ok((await page.getByTestId('tp-top-customer').first().textContent()).includes(facts.top_customers[0].name));
    if (facts.lost_reasons.length) assert.ok((await page.getByTestId('tp-lost-reasons').textContent()).includes(facts.lost_reasons[0].reason));

    // A second plan with the same title is refused, and the problem is shown.
    await page.getByTestId('tp-new-title').fill(title);
    await page.getByTestId('tp-create').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="tp-new-error"]')?.textContent.trim().length > 0, null, { timeout: 10_000 });

    // Answer, save, reload: the answer is there.
    const swot = `Strong service team in ${rep.name}'s cities`;
    await page.getByTestId('tp-answer-strengths').fill(swot);
    assert.equal(await page.locator(root).getAttribute('data-dirty'), 'true');
    await page.getByTestId('tp-save').click();
    await page.locator(`${root}[data-dirty=""][data-busy=""]`).waitFor({ timeout: 10_000 });
    const stored = (await apiGet(page, `/territory_plans/${planId}`)).body;
    assert.equal(stored.strengths, swot);
    await page.reload();
    await page.locator(`${ready}[data-plan="${planId}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('tp-answer-strengths').inputValue(), swot);

    // An action item: add it, mark it reviewed today.
    await page.getByTestId('tp-action-new-title').fill('Visit the top five customers');
    await page.getByTestId('tp-action-new-resources').fill('Two days, samples');
    await page.getByTestId('tp-action-new-deadline').fill('2027-03-31');
    await page.getByTestId('tp-action-add').click();
    await page.getByTestId('tp-action-row').first().waitFor({ timeout: 10_000 });
    await page.getByTestId('tp-action-reviewed').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="tp-action-last-review"]')?.textContent !== 'Not reviewed', null, { timeout: 10_000 });
    const acts = (await apiGet(page, `/plan_actions?plan_id=${planId}`)).body.items;
    assert.equal(acts.length, 1);
    assert.equal(acts[0].deadline, '2027-03-31');
    assert.ok(acts[0].last_review, 'reviewed');

    // The Markdown export carries the answer.
    const href = await page.getByTestId('tp-export').getAttribute('href');
    const md = await page.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href);
    assert.equal(md.status, 200);
    assert.match(md.type, /markdown/);
    assert.ok(md.text.includes(swot), 'the export has the SWOT answer');
    assert.ok(md.text.includes('Visit the top five customers'), 'and the action item');

    // Save as a new revision: a second record, revision 2, with the action carried over.
    await page.getByTestId('tp-new-revision').click();
    await page.locator(`${ready}[data-revision="2"]`).waitFor({ timeout: 15_000 });
    const plans = (await apiGet(page, `/territory_plans?owner_id=${rep.user_id}`)).body.items;
    assert.equal(plans.length, 2);
    const r2 = plans.find((p) => p.revision === 2);
    assert.ok(r2, 'revision 2 exists');
    assert.equal(r2.title, `${title} · r2`);
    assert.equal(r2.strengths, swot);
    assert.equal(await page.locator(root).getAttribute('data-plan'), String(r2.id));
    assert.equal(await page.getByTestId('tp-action-row').count(), 1, 'the open action item is carried over');
    assert.equal(await page.getByTestId('tp-plan-link').count(), 2);

    // The first revision is now read-only.
    await page.locator(`[data-testid="tp-plan-link"][data-id="${planId}"]`).click();
    await page.locator(`${ready}[data-plan="${planId}"][data-readonly="true"]`).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('tp-save').count(), 0);
    assert.equal(await page.getByTestId('tp-answer-strengths').getAttribute('readonly'), '');

    // A link to a plan alone (as the dashboard's overdue items give) opens it in its territory.
    await page.goto(`${server.base}/#/territories/plans?plan=${r2.id}`);
    await page.locator(`${ready}[data-rep="${rep.user_id}"][data-plan="${r2.id}"][data-readonly=""]`).waitFor({ timeout: 20_000 });
    await context.close();
  });

  test('in Chinese: phases, figures and the export follow the language', async () => {
    const { context, page } = await newPage(browser, 'zh-CN');
    await signIn(page, server.base, MANAGER);
    await page.goto(`${server.base}/#/territories/plans`);
    await page.locator(ready).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(`${root} h1`).textContent(), '区域计划');
    await page.getByTestId('tp-new-title').fill('华东区 2027 年计划');
    await page.getByTestId('tp-create').click();
    await page.locator(`${ready}[data-revision="1"]`).waitFor({ timeout: 20_000 });
    assert.ok((await page.getByTestId('tp-phase-3').textContent()).includes('第三阶段 · SWOT 分析'));
    assert.ok((await page.getByTestId('tp-facts-5').textContent()).includes('转化率'));
    const href = await page.getByTestId('tp-export').getAttribute('href');
    assert.match(href, /lang=zh-CN/);
    const text = await page.evaluate(async (u) => (await fetch(u)).text(), href);
    assert.ok(text.includes('第三阶段'), 'the export is in Chinese');
    if (process.env.TP_SHOT) await page.screenshot({ path: process.env.TP_SHOT, fullPage: true });
    await context.close();
  });
});
