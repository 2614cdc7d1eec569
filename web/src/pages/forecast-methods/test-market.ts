// 试销法 (#/forecast/methods/test-market): sales in a few test regions and their market factor,
// scaled up to the whole market (POST /forecast/test-market) with 80%/95% intervals.
import { request } from '../../api';
import { card } from '../../components/ui';
import { h, mount } from '../../dom';
import { money, number, percent } from '../../format';
import { t } from '../../i18n';
import { keepBox } from './keep';
import { type Env, kpiRow, computeForm, field, fin, input, InputError, kpi, need, orgCurrency, parseNumber, statusEl, th } from './shared';

interface TestMarket {
  regions: number;
  ratio: number;
  estimate: number;
  std_error: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
  coverage: number;
}

/**
 * The test-market screen: an editable table of regions (name, sales, market factor), the
 * market's factor total and region count; the estimate with its intervals and coverage, which
 * can be kept as a test_market forecast.
 */
export function testMarketScreen(el: HTMLElement, env: Env): void {
  const rowsBody = h('tbody');
  const addRow = (region = '', sales = '', factor = '') => {
    const tr = h(
      'tr',
      { 'data-testid': 'fm-tm-row' },
      h('td', null, input('fm-tm-region', { value: region, placeholder: t('fm.tm.regionPh'), 'aria-label': t('fm.tm.region') })),
      h('td', null, input('fm-tm-sales', { value: sales, inputmode: 'decimal', 'aria-label': t('fm.tm.sales') })),
      h('td', null, input('fm-tm-factor', { value: factor, inputmode: 'decimal', 'aria-label': t('fm.tm.factor') })),
      h('td', null, h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'aria-label': t('fm.remove'), onclick: () => tr.remove() }, '×')),
    );
    rowsBody.append(tr);
  };
  addRow();
  addRow();
  addRow();
  const total = input('fm-tm-total', { inputmode: 'decimal' });
  const count = input('fm-tm-count', { inputmode: 'numeric' });
  const status = statusEl('fm-tm-status');
  const out = h('div', { class: 'stack', 'data-testid': 'fm-tm-result' });
  let last: TestMarket | null = null;
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-tm-submit' }, t('fm.compute'));

  function body(): Record<string, unknown> {
    const regions = [...rowsBody.querySelectorAll('tr')].map((tr, i) => {
      const [r, s, f] = [...tr.querySelectorAll('input')].map((x) => x.value.trim());
      return { i: i + 1, region: r, sales: parseNumber(s), factor: parseNumber(f), empty: !r && !s && !f };
    }).filter((x) => !x.empty);
    need(regions.length >= 2, t('fm.tm.regions'), t('fm.tm.atLeastTwo'));
    for (const r of regions) {
      need(!!r.region, t('fm.tm.rowN', { n: r.i }), t('fm.tm.needName'));
      need(fin(r.sales) && r.sales >= 0, t('fm.tm.rowN', { n: r.i }), t('fm.tm.needSales'));
      need(fin(r.factor) && r.factor > 0, t('fm.tm.rowN', { n: r.i }), t('fm.tm.needFactor'));
    }
    const tot = parseNumber(total.value);
    need(fin(tot) && tot > 0, t('fm.tm.total'), t('fm.err.positive'));
    const b: Record<string, unknown> = { regions: regions.map((r) => ({ region: r.region, sales: r.sales, market_factor: r.factor })), market_factor_total: tot };
    if (count.value.trim()) {
      const n = parseNumber(count.value);
      need(Number.isInteger(n) && n >= regions.length, t('fm.tm.count'), t('fm.tm.badCount', { n: regions.length }));
      b.market_regions = n;
    }
    return b;
  }

  const form = computeForm(
    { submit, status, testid: 'fm-tm-form' },
    body,
    async (b) => {
      const [r, cur] = await Promise.all([request<TestMarket>('POST', '/forecast/test-market', { body: b }), orgCurrency()]);
      last = r;
      show(r, cur);
    },
    h('p', { class: 'hint' }, t('fm.tm.hint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact fm-edit-table' }, h('thead', null, h('tr', null, th(t('fm.tm.region')), th(t('fm.tm.sales')), th(t('fm.tm.factor')), th(''))), rowsBody)),
    h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'fm-tm-add', onclick: () => addRow() }, t('fm.addRow')),
    h('div', { class: 'form-grid' }, field(t('fm.tm.total'), total, t('fm.tm.totalHint')), field(t('fm.tm.count'), count, t('fm.tm.countHint'))),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.tm.title'), form, { testid: 'fm-tm-card' }), out));

  function show(r: TestMarket, cur: string): void {
    out.dataset.state = 'ready';
    mount(
      out,
      card(
        t('fm.result'),
        [
          kpiRow(
            kpi('fm-tm-estimate', t('fm.tm.estimate'), r.estimate, money(r.estimate, cur), t('fm.tm.ratio', { ratio: number(r.ratio, 4) })),
            kpi('fm-tm-i80', t('fc.chart.band80'), r.lo80, `${money(r.lo80, cur)} – ${money(r.hi80, cur)}`),
            kpi('fm-tm-i95', t('fc.chart.band95'), r.lo95, `${money(r.lo95, cur)} – ${money(r.hi95, cur)}`),
            kpi('fm-tm-coverage', t('fm.tm.coverage'), r.coverage, percent(r.coverage), t('fm.tm.se', { se: money(r.std_error, cur) })),
          ),
          keepBox(env, 'test_market', () => {
            if (!last) throw new InputError(t('fm.keep.computeFirst'));
            return { amount: last.estimate, lo80: last.lo80, hi80: last.hi80, lo95: last.lo95, hi95: last.hi95, note: t('fm.tm.note', { n: last.regions }) };
          }),
        ],
        { testid: 'fm-tm-result-card' },
      ),
    );
  }
}
