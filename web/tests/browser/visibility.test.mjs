// A rep cannot open another rep's opportunity: the page says "not found or not yours"
// and the API answers 404; their own opens normally.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiGet, newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

describe('visibility', { skip }, () => {
  const env = useServerAndBrowser();

  test('a rep sees not-found for another rep’s deal', async () => {
    const admin = await newPage(env.browser);
    await signIn(admin.page, env.server.base, env.server.adminEmail);
    const reps = (await apiGet(admin.page, '/users?role=rep&limit=500')).body.items;
    assert.ok(reps.length >= 2, 'the demo has at least two reps');
    // Two reps that each own at least one opportunity.
    const owning = [];
    for (const rep of reps) {
      const page = (await apiGet(admin.page, `/opportunities?owner_id=${rep.id}&limit=1`)).body;
      if (page.items.length && String(page.items[0].owner_id) === String(rep.id)) owning.push({ rep, opp: page.items[0] });
      if (owning.length === 2) break;
    }
    assert.equal(owning.length, 2, 'two reps with opportunities');
    const [me, other] = owning;
    await admin.context.close();

    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, me.rep.email);
    assert.equal(await page.getByTestId('nav-admin').count(), 0, 'a rep has no Admin entry');

    await page.goto(`${env.server.base}/#/opportunities/${other.opp.id}`);
    await page.getByTestId('not-found').waitFor();
    assert.equal((await apiGet(page, `/opportunities/${other.opp.id}`)).status, 404);

    await page.goto(`${env.server.base}/#/opportunities/${me.opp.id}`);
    await page.getByTestId('opportunity').waitFor();
    assert.equal(await page.getByTestId('not-found').count(), 0);
    await context.close();
  });
});
