// Territory plans (#/territories/plans): a manager opens a rep's plan page, sees the
// territory's figures as the API gives them, creates a plan, answers, saves and finds the
// answer after a reload, adds and reviews an action item, saves a new revision (a second
// record, revision 2, the old one read-only) and exports the plan as Markdown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiGet, apiSession, newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

const MANAGER = 'gao.xinyi@huarui.example';
const root = '[data-testid="territory-plans"]';
const ready = `${root}[data-state="ready"]`;

describe('territory plans', { skip }, () => {
  const env = useServerAndBrowser();

  test('a manager plans a rep territory in five phases, with its figures, actions, revisions and export', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, MANAGER);
    const reps = (await apiGet(page, '/forecast/scopes')).body.items.filter((s) => s.level === 'rep');
    assert.ok(reps.length > 0, 'the manager reaches some reps');
    const rep = reps[0];
    const facts = (await apiGet(page, `/territories/facts?scope=${encodeURIComponent(rep.key)}`)).body;

    await page.goto(`${env.server.base}/#/territories/plans?rep=${rep.user_id}`);
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
    await page.goto(`${env.server.base}/#/territories/plans?plan=${r2.id}`);
    await page.locator(`${ready}[data-rep="${rep.user_id}"][data-plan="${r2.id}"][data-readonly=""]`).waitFor({ timeout: 20_000 });
    await context.close();
  });

  test('a manager edits an action item, deletes it and then the plan, each after a confirm', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, MANAGER);
    const reps = (await apiGet(page, '/forecast/scopes')).body.items.filter((s) => s.level === 'rep');
    assert.ok(reps.length >= 2, 'the manager reaches two reps');
    const rep = reps[1];
    const other = reps.find((r) => r.user_id !== rep.user_id);
    await page.goto(`${env.server.base}/#/territories/plans?rep=${rep.user_id}`);
    await page.locator(`${ready}[data-rep="${rep.user_id}"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId('tp-new-title').fill(`Short-lived plan ${rep.name}`);
    await page.getByTestId('tp-create').click();
    await page.locator(`${ready}[data-revision="1"]`).waitFor({ timeout: 20_000 });
    const planId = await page.locator(root).getAttribute('data-plan');

    await page.getByTestId('tp-action-new-title').fill('Call the distributor');
    await page.getByTestId('tp-action-new-resources').fill('Phone');
    await page.getByTestId('tp-action-new-deadline').fill('2027-05-01');
    await page.getByTestId('tp-action-add').click();
    const row = page.getByTestId('tp-action-row');
    await row.first().waitFor({ timeout: 10_000 });
    const actionId = await row.first().getAttribute('data-id');
    const before = (await apiGet(page, `/plan_actions/${actionId}`)).body;

    // Edit title, owner, resources and deadline after creation.
    await page.getByTestId('tp-action-edit').click();
    await page.getByTestId('tp-action-edit-title').fill('');
    await page.getByTestId('tp-action-edit-save').click();
    assert.match(await page.getByTestId('tp-action-error').textContent(), /Describe/, 'an empty title is refused');
    await page.getByTestId('tp-action-edit-title').fill('Call the Wuxi distributor');
    await page.getByTestId('tp-action-edit-owner').selectOption(String(other.user_id));
    await page.getByTestId('tp-action-edit-resources').fill('Phone, price list');
    await page.getByTestId('tp-action-edit-deadline').fill('2027-06-15');
    await page.getByTestId('tp-action-edit-save').click();
    await page.getByTestId('tp-action-edit-row').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await row.first().getByTestId('tp-action-title').textContent(), 'Call the Wuxi distributor');
    assert.equal(await row.first().getByTestId('tp-action-owner').getAttribute('data-value'), String(other.user_id));
    assert.equal(await row.first().getByTestId('tp-action-deadline').inputValue(), '2027-06-15');
    const after = (await apiGet(page, `/plan_actions/${actionId}`)).body;
    assert.equal(after.title, 'Call the Wuxi distributor');
    assert.equal(String(after.owner_id), String(other.user_id));
    assert.equal(after.resources, 'Phone, price list');
    assert.equal(after.deadline, '2027-06-15');
    assert.notEqual(String(after.version), String(before.version), 'the version moved on');

    // Someone else changes the item meanwhile: the save is refused, the stored item is shown, and the edit stays open.
    await page.getByTestId('tp-action-edit').click();
    await page.getByTestId('tp-action-edit-title').fill('Call the Wuxi distributor twice');
    const elsewhere = await apiSession(env.server.base, MANAGER);
    const changed = await elsewhere.call('PATCH', `/plan_actions/${actionId}`, { resources: 'Phone, price list, samples' }, { 'If-Match': `"${after.version}"` });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await page.getByTestId('tp-action-edit-save').click();
    await page.locator('[data-testid="tp-action-error"].form-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('tp-action-error').textContent(), /Someone changed this action item/);
    assert.equal(await page.getByTestId('tp-action-edit-resources').inputValue(), 'Phone, price list, samples');
    assert.equal(await page.getByTestId('tp-action-edit-title').inputValue(), 'Call the Wuxi distributor');
    await page.getByTestId('tp-action-edit-cancel').click();
    assert.equal((await apiGet(page, `/plan_actions/${actionId}`)).body.title, 'Call the Wuxi distributor', 'the refused change was not stored');

    // Delete it: dismissing the confirm keeps it; accepting deletes it.
    let asked = '';
    page.once('dialog', (d) => ((asked = d.message()), d.dismiss()));
    await page.getByTestId('tp-action-delete').click();
    assert.match(asked, /Call the Wuxi distributor/);
    assert.equal(await row.count(), 1);
    page.once('dialog', (d) => d.accept());
    await page.getByTestId('tp-action-delete').click();
    await row.first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal((await apiGet(page, `/plan_actions/${actionId}`)).status, 404);

    // Delete the plan with one more item: the confirm says how many items go with it.
    await page.getByTestId('tp-action-new-title').fill('Send samples');
    await page.getByTestId('tp-action-new-deadline').fill('2027-04-01');
    await page.getByTestId('tp-action-add').click();
    await row.first().waitFor({ timeout: 10_000 });
    const secondId = await row.first().getAttribute('data-id');
    page.once('dialog', (d) => ((asked = d.message()), d.accept()));
    await page.getByTestId('tp-delete').click();
    await page.getByTestId('tp-notice').waitFor({ timeout: 10_000 });
    assert.match(asked, /Short-lived plan .*\(1\)/);
    assert.equal(await page.locator(root).getAttribute('data-plan'), '');
    assert.equal((await apiGet(page, `/territory_plans/${planId}`)).status, 404);
    assert.equal((await apiGet(page, `/plan_actions/${secondId}`)).status, 404);
    assert.equal(await page.locator(`[data-testid="tp-plan-link"][data-id="${planId}"]`).count(), 0);
    await context.close();
  });

  test('a rep sees their own plan and items, edits their own item, and cannot reach another rep’s plan', async () => {
    const manager = await apiSession(env.server.base, MANAGER);
    const reps = (await manager.call('GET', '/forecast/scopes')).body.items.filter((s) => s.level === 'rep');
    assert.ok(reps.length >= 4, 'the manager has four reps');
    const [me, them] = [reps[2], reps[3]];
    const email = (await manager.call('GET', `/users/${me.user_id}`)).body.email;
    const mine = (await manager.call('POST', '/territory_plans', { title: `Rep plan ${me.name}`, owner_id: me.user_id, horizon: '2027', revision: 1, status: 'draft' })).body;
    const theirs = (await manager.call('POST', '/territory_plans', { title: `Rep plan ${them.name}`, owner_id: them.user_id, horizon: '2027', revision: 1, status: 'draft' })).body;
    const own = await manager.call('POST', '/plan_actions', { plan_id: mine.id, owner_id: me.user_id, title: 'Visit three prospects', deadline: '2027-02-28', status: 'open' });
    const managers = await manager.call('POST', '/plan_actions', { plan_id: mine.id, owner_id: manager.user.id, title: 'Approve the trade-show budget', deadline: '2027-02-15', status: 'open' });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    assert.equal(managers.status, 201, JSON.stringify(managers.body));

    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, email);
    // Asking for another rep's territory opens the rep's own.
    await page.goto(`${env.server.base}/#/territories/plans?rep=${them.user_id}`);
    await page.locator(`${ready}[data-rep="${me.user_id}"]`).waitFor({ timeout: 30_000 });
    assert.deepEqual(await page.getByTestId('tp-rep').locator('option').evaluateAll((os) => os.map((o) => o.value)), [String(me.user_id)]);
    assert.equal(await page.getByTestId('tp-plan-link').count(), 1);
    await page.getByTestId('tp-plan-link').click();
    await page.locator(`${ready}[data-plan="${mine.id}"]`).waitFor({ timeout: 20_000 });
    // The rep's own item, editable; the manager's item is not the rep's to see or change.
    const visible = (await apiGet(page, `/plan_actions?plan_id=${mine.id}`)).body.items;
    assert.deepEqual(visible.map((a) => String(a.id)), [String(own.body.id)]);
    const rows = page.getByTestId('tp-action-row');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-editable'), 'true');
    assert.equal(await page.locator(`[data-testid="tp-action-row"][data-id="${managers.body.id}"]`).count(), 0);
    await page.getByTestId('tp-action-edit').click();
    await page.getByTestId('tp-action-edit-title').fill('Visit four prospects');
    await page.getByTestId('tp-action-edit-save').click();
    await page.getByTestId('tp-action-edit-row').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal((await apiGet(page, `/plan_actions/${own.body.id}`)).body.title, 'Visit four prospects');
    // The owner list offers only the rep.
    assert.deepEqual(await page.getByTestId('tp-action-new-owner').locator('option').evaluateAll((os) => os.map((o) => o.value)), [String(me.user_id)]);

    // A link to the other rep's plan does not open it, and the API refuses changes to it.
    await page.goto(`${env.server.base}/#/territories/plans?plan=${theirs.id}`);
    await page.locator(`${ready}[data-rep="${me.user_id}"]`).waitFor({ timeout: 20_000 });
    assert.notEqual(await page.locator(root).getAttribute('data-plan'), String(theirs.id));
    const asRep = await apiSession(env.server.base, email);
    const patch = (await asRep.call('PATCH', `/territory_plans/${theirs.id}`, { strengths: 'not mine' }, { 'If-Match': `"${theirs.version}"` })).status;
    const ownPatch = await asRep.call('PATCH', `/territory_plans/${mine.id}`, { strengths: 'mine' }, { 'If-Match': `"${mine.version}"` });
    assert.equal(ownPatch.status, 200, 'the same call on the own plan works');
    assert.ok(patch === 403 || patch === 404, `PATCH of another rep's plan: ${patch}`);
    assert.equal((await manager.call('GET', `/territory_plans/${theirs.id}`)).body.strengths ?? null, null);
    await context.close();
  });

  test('the plan exports as a PDF in the page language', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, MANAGER);
    const rep = (await apiGet(page, '/forecast/scopes')).body.items.filter((s) => s.level === 'rep')[0];
    await page.goto(`${env.server.base}/#/territories/plans?rep=${rep.user_id}`);
    await page.locator(`${ready}[data-rep="${rep.user_id}"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId('tp-new-title').fill(`PDF plan ${rep.name}`);
    await page.getByTestId('tp-create').click();
    await page.locator(`${ready}[data-revision="1"]`).waitFor({ timeout: 20_000 });
    const planId = await page.locator(root).getAttribute('data-plan');
    await page.getByTestId('tp-answer-goals').fill('Grow the Suzhou accounts by 12%');
    await page.getByTestId('tp-save').click();
    await page.locator(`${root}[data-dirty=""][data-busy=""]`).waitFor({ timeout: 10_000 });
    const link = page.getByTestId('tp-export-pdf');
    const href = await link.getAttribute('href');
    assert.equal(href, `/api/v1/territory_plans/${planId}/pdf?lang=en`);
    assert.equal(await link.getAttribute('download'), `plan-${planId}.pdf`);
    // The link downloads the server's PDF.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), `plan-${planId}.pdf`);
    const pdf = await page.evaluate(async (u) => {
      const res = await fetch(u);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
    }, href);
    assert.equal(pdf.status, 200);
    assert.match(pdf.type, /^application\/pdf/);
    assert.equal(pdf.head, '%PDF-');
    assert.ok(pdf.size > 500, `a real document (${pdf.size} bytes)`);
    // In Chinese the link asks for the Chinese document.
    const zh = await newPage(env.browser, 'zh-CN');
    await signIn(zh.page, env.server.base, MANAGER);
    await zh.page.goto(`${env.server.base}/#/territories/plans?rep=${rep.user_id}&plan=${planId}`);
    await zh.page.locator(`${ready}[data-plan="${planId}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await zh.page.getByTestId('tp-export-pdf').getAttribute('href'), `/api/v1/territory_plans/${planId}/pdf?lang=zh-CN`);
    assert.equal((await zh.page.getByTestId('tp-export-pdf').textContent()).trim(), '导出 PDF');
    const zhPdf = await zh.page.evaluate(async (u) => (await fetch(u)).status, `/api/v1/territory_plans/${planId}/pdf?lang=zh-CN`);
    assert.equal(zhPdf, 200);
    await zh.context.close();
    await context.close();
  });

  test('in Chinese: phases, figures and the export follow the language', async () => {
    const { context, page } = await newPage(env.browser, 'zh-CN');
    await signIn(page, env.server.base, MANAGER);
    await page.goto(`${env.server.base}/#/territories/plans`);
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
