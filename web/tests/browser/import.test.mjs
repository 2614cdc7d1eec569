// Import: a CSV with a bad row shows the per-row problems and writes nothing; a good one
// reports what it saved.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, signIn, skip, useServerAndBrowser } from './helpers.mjs';

const HEADER = 'external_id,name,industry,city,country,lat,lon,potential,currency,owner_email,territory';

describe('import', { skip }, () => {
  const env = useServerAndBrowser();

  test('a bad row is reported by line and column; a good file is saved', async () => {
    const { context, page } = await newPage(env.browser);
    await signIn(page, env.server.base, env.server.adminEmail);
    await page.goto(`${env.server.base}/#/import-export`);
    await page.getByTestId('import-kind').selectOption('accounts');

    const bad = `${HEADER}\nBT-1,bad latitude Ltd,Retail,Shanghai,CN,999,121.47,100000,CNY,,\n`;
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByTestId('import-submit').click();
    const errors = page.locator('[data-testid="import-errors"] tbody tr');
    await errors.first().waitFor({ timeout: 30_000 });
    assert.equal((await errors.first().locator('td').first().textContent()).trim(), '2');
    assert.equal(await page.locator('[data-testid="import-status"].bad').count(), 1);

    const good = `${HEADER}\nBT-2,Browser Test Ltd,Retail,Shanghai,CN,31.23,121.47,100000,CNY,,\n`;
    await page.getByTestId('import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid="import-status"].ok').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="import-errors"]').count(), 0);
    await context.close();
  });
});
