// 市场因子法 (#/forecast/methods/market-factor): sales regressed on a market factor across
// territories (POST /forecast/market-factor) with each territory's shortfall, and the buying
// power index of territories from income, retail sales and population (POST /forecast/buying-power).
import { request } from '../../api';
import { mountChart } from '../../charts';
import { card } from '../../components/ui';
import { h, mount } from '../../dom';
import { scatterOption } from '../../method-charts';
import { money, number, percent } from '../../format';
import { t } from '../../i18n';
import { type Env, kpiRow, computeForm, dataRows, field, fin, input, kpi, need, numCell, orgCurrency, parseNumber, pasteCsv, scopeName, statusEl, table, th } from './shared';

interface MarketFactor {
  sales_from: string;
  territories: number;
  intercept: number;
  slope: number;
  slope_se: number;
  slope_lo95: number;
  slope_hi95: number;
  correlation: number;
  r_squared: number;
  residual_se: number;
  gaps: { territory: string; sales: number; expected: number; shortfall: number; shortfall_percent: number; standardised: number }[];
}
interface BuyingPower {
  territories: { territory: string; income_share: number; retail_sales_share: number; population_share: number; index: number; sales_share: number | null; potential_sales: number | null; gap: number | null; performance: number | null }[];
}

/** A territory row `o` with the optional sales figure of cell `cell` (row `i`, 0-based) when the cell is not empty. */
function withSales(o: Record<string, unknown>, cell: string | undefined, i: number): Record<string, unknown> {
  if (cell) {
    const s = parseNumber(cell);
    need(fin(s), t('fm.tm.rowN', { n: i + 1 }), t('fm.mf.badSales'));
    o.sales = s;
  }
  return o;
}

/**
 * The market-factor screen: the regression form and its result (R², slope with its interval,
 * scatter with the line, shortfalls in the API's order), and the buying-power form and table.
 */
export function marketFactorScreen(el: HTMLElement, env: Env): void {
  // --- regression
  const year = new Date().getFullYear();
  const from = h('input', { class: 'input', type: 'date', value: `${year - 1}-01-01`, 'data-testid': 'fm-mf-from' });
  const to = h('input', { class: 'input', type: 'date', value: `${year - 1}-12-31`, 'data-testid': 'fm-mf-to' });
  const status = statusEl('fm-mf-status');
  const exampleKeys = env.scopes.filter((s) => s.level === 'rep').slice(0, 3).map((s) => s.key).join(', ') || 'user:12';
  const { text, block: dataBlock } = pasteCsv({ testid: 'fm-mf-csv', fileTestid: 'fm-mf-file', label: t('fm.mf.data'), hint: t('fm.mf.dataHint', { keys: exampleKeys }), rows: 7, placeholder: 'user:12,3.4\nuser:15,2.1,480000', status });
  const out = h('div', { 'data-testid': 'fm-mf-result' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-mf-submit' }, t('fm.compute'));
  const names = (key: string) => (key.startsWith('user:') ? scopeName(env, key) : key);
  const form = computeForm(
    { submit, status },
    () => {
      const rows = dataRows(text.value);
      need(rows.length >= 3, t('fm.mf.data'), t('fm.mf.atLeast'));
      const territories = rows.map((r, i) => {
        const f = parseNumber(r[1] ?? '');
        need(!!r[0] && fin(f), t('fm.tm.rowN', { n: i + 1 }), t('fm.mf.badRow'));
        return withSales({ territory: r[0], factor: f }, r[2], i);
      });
      const b: Record<string, unknown> = { territories };
      if (territories.some((x) => x.sales === undefined)) {
        need(!!from.value && !!to.value && from.value <= to.value, t('fm.mf.period'), t('fm.mf.badPeriod'));
        Object.assign(b, { from: from.value, to: to.value });
      }
      return b;
    },
    async (b) => {
      const [r, cur] = await Promise.all([request<MarketFactor>('POST', '/forecast/market-factor', { body: b }), orgCurrency()]);
      showRegression(r, cur, b.territories as { territory: string; factor: number }[]);
    },
    h('p', { class: 'hint' }, t('fm.mf.hint')),
    dataBlock,
    h('div', { class: 'form-grid' }, field(t('fm.mf.from'), from), field(t('fm.mf.to'), to)),
    h('div', { class: 'form-actions' }, submit),
    status,
  );

  /** The regression's figures, the scatter with its line, and the shortfall list in the API's order. */
  function showRegression(r: MarketFactor, cur: string, given: { territory: string; factor: number }[]): void {
    const chartBox = h('div', { class: 'chart', style: 'height:300px', 'data-testid': 'fm-mf-chart' });
    mount(
      out,
      card(
        t('fm.result'),
        [
          kpiRow(
            kpi('fm-mf-r2', 'R²', r.r_squared, number(r.r_squared, 3), t('fm.mf.corr', { r: number(r.correlation, 3) })),
            kpi('fm-mf-slope', t('fm.mf.slope'), r.slope, number(r.slope, 2), t('fm.mf.slopeCi', { lo: number(r.slope_lo95, 2), hi: number(r.slope_hi95, 2) })),
            kpi('fm-mf-n', t('fm.mf.n'), r.territories, String(r.territories), r.sales_from === 'records' ? t('fm.mf.fromRecords') : t('fm.mf.fromGiven')),
          ),
          chartBox,
          table(
            'fm-mf-gaps',
            [th('#'), th(t('fm.mf.territory')), th(t('fm.mf.sales'), true), th(t('fm.mf.expected'), true), th(t('fm.mf.shortfall'), true), th(t('fm.mf.shortfallPct'), true), th(t('fm.mf.z'), true)],
            r.gaps.map((g, i) => h('tr', { 'data-testid': 'fm-mf-gap', 'data-territory': g.territory }, h('td', { class: 'muted' }, String(i + 1)), h('td', null, names(g.territory)), numCell(g.sales, money(g.sales, cur)), numCell(g.expected, money(g.expected, cur), { 'data-testid': 'fm-mf-expected' }), numCell(g.shortfall, money(g.shortfall, cur), { class: `num ${g.shortfall > 0 ? 'bias-under' : ''}`, 'data-testid': 'fm-mf-shortfall' }), numCell(g.shortfall_percent, `${number(g.shortfall_percent, 1)}%`), numCell(g.standardised, number(g.standardised, 2)))),
          ),
          h('p', { class: 'hint' }, t('fm.mf.gapsHint')),
        ],
        { testid: 'fm-mf-result-card' },
      ),
    );
    const factors = new Map(given.map((x) => [x.territory, x.factor]));
    const pts = r.gaps.filter((g) => factors.has(g.territory)).map((g) => ({ name: names(g.territory), x: factors.get(g.territory)!, y: g.sales }));
    env.charts.push(mountChart(chartBox, scatterOption(pts, r.intercept, r.slope, t('fm.mf.factor'), t('fm.mf.sales'))));
  }

  // --- buying power
  const wIncome = input('fm-bp-w-income', { value: '0.5', inputmode: 'decimal' });
  const wRetail = input('fm-bp-w-retail', { value: '0.3', inputmode: 'decimal' });
  const wPop = input('fm-bp-w-population', { value: '0.2', inputmode: 'decimal' });
  const bpStatus = statusEl('fm-bp-status');
  const { text: bpText, block: bpBlock } = pasteCsv({ testid: 'fm-bp-csv', fileTestid: 'fm-bp-file', label: t('fm.mf.data'), hint: t('fm.bp.dataHint'), rows: 6, placeholder: '华东,5200,3100,1800,420000\n华北,4100,2500,1500,380000', status: bpStatus });
  const bpOut = h('div', { 'data-testid': 'fm-bp-result' });
  const bpSubmit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-bp-submit' }, t('fm.compute'));
  const bpForm = computeForm(
    { submit: bpSubmit, status: bpStatus },
    () => {
      const rows = dataRows(bpText.value);
      need(rows.length >= 1, t('fm.mf.data'), t('fm.err.required'));
      const territories = rows.map((r, i) => {
        const [inc, ret, pop] = [r[1], r[2], r[3]].map((x) => parseNumber(x ?? ''));
        need(!!r[0] && fin(inc) && fin(ret) && fin(pop), t('fm.tm.rowN', { n: i + 1 }), t('fm.bp.badRow'));
        return withSales({ territory: r[0], income: inc, retail_sales: ret, population: pop }, r[4], i);
      });
      const w = [wIncome, wRetail, wPop].map((x) => parseNumber(x.value));
      need(w.every((x) => fin(x) && x >= 0) && w.some((x) => x > 0), t('fm.bp.weights'), t('fm.bp.badWeights'));
      return { territories, weights: { income: w[0], retail_sales: w[1], population: w[2] } };
    },
    async (b) => {
      const [r, cur] = await Promise.all([request<BuyingPower>('POST', '/forecast/buying-power', { body: b }), orgCurrency()]);
      mount(
        bpOut,
        table(
          'fm-bp-table',
          [th(t('fm.mf.territory')), th(t('fm.bp.index'), true), th(t('fm.bp.salesShare'), true), th(t('fm.bp.potential'), true), th(t('fm.bp.gap'), true), th(t('fm.bp.performance'), true)],
          r.territories.map((x) => h('tr', { 'data-testid': 'fm-bp-row', 'data-territory': x.territory }, h('td', null, x.territory), numCell(x.index, percent(x.index, 2), { 'data-testid': 'fm-bp-index' }), numCell(x.sales_share, percent(x.sales_share, 2)), numCell(x.potential_sales, money(x.potential_sales, cur), { 'data-testid': 'fm-bp-potential' }), numCell(x.gap, money(x.gap, cur), { 'data-testid': 'fm-bp-gap' }), numCell(x.performance, fin(x.performance) ? `${number(x.performance, 0)}%` : '—', { 'data-testid': 'fm-bp-performance' }))),
        ),
        h('p', { class: 'hint' }, t('fm.bp.resultHint')),
      );
    },
    h('p', { class: 'hint' }, t('fm.bp.hint')),
    bpBlock,
    h('div', { class: 'form-grid fm-grid-3' }, field(t('fm.bp.income'), wIncome), field(t('fm.bp.retail'), wRetail), field(t('fm.bp.population'), wPop)),
    h('div', { class: 'form-actions' }, bpSubmit),
    bpStatus,
  );
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.mf.title'), form, { testid: 'fm-mf-card' }), out), card(t('fm.bp.title'), [bpForm, bpOut], { testid: 'fm-bp-card' }));
}
