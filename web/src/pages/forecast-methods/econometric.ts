// 计量经济模型 (#/forecast/methods/econometric): a scope's monthly sales regressed on
// indicators with lags (POST /forecast/econometric): fit diagnostics, coefficients, the fan of
// the next months, and keeping every month's figure as an econometric forecast.
import { request } from '../../api';
import { mountChart } from '../../charts';
import { card } from '../../components/ui';
import { h, mount } from '../../dom';
import { econFanOption } from '../../method-charts';
import { money, month, number } from '../../format';
import { t } from '../../i18n';
import { keepFigure } from './keep';
import { type Env, kpiRow, computeForm, csvRows, field, fin, input, kpi, need, numCell, orgCurrency, parseNumber, pasteCsv, runBusy, scopeName, scopeSelect, statusEl, table, th } from './shared';

interface Econometric {
  history_months: string[];
  history: (number | null)[];
  fitted: (number | null)[];
  months: string[];
  forecast: { mean: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] };
  coefficients: { term: string; estimate: number; std_error: number; t_value: number; p_value: number; vif: number | null }[];
  diagnostics: { observations: number; parameters: number; r_squared: number; adjusted_r_squared: number; residual_se: number; durbin_watson: number; ljung_box_lag: number; ljung_box: number; ljung_box_p_value: number };
}

/** The indicators of a CSV with a header "month,<name>…" (months YYYY-MM, consecutive). */
export function parseIndicators(text: string): { name: string; start: string; values: number[] }[] {
  const rows = csvRows(text);
  need(rows.length >= 2, t('fm.econ.data'), t('fm.econ.needHeader'));
  const head = rows[0];
  need(head.length >= 2 && /^month$|^月份$/i.test(head[0]), t('fm.econ.data'), t('fm.econ.needHeader'));
  const data = rows.slice(1).sort((a, b) => a[0].localeCompare(b[0]));
  data.forEach((r, i) => {
    need(/^\d{4}-\d{2}$/.test(r[0]), t('fm.tm.rowN', { n: i + 2 }), t('fm.econ.badMonth', { value: r[0] }));
    if (i > 0) {
      const [y, m] = data[i - 1][0].split('-').map(Number);
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      need(r[0] === next, t('fm.tm.rowN', { n: i + 2 }), t('fm.econ.gap', { month: next }));
    }
  });
  return head.slice(1).map((name, j) => ({
    name,
    start: data[0][0],
    values: data.map((r, i) => {
      const v = parseNumber(r[j + 1] ?? '');
      need(fin(v), t('fm.tm.rowN', { n: i + 2 }), t('fm.econ.badValue', { name }));
      return v;
    }),
  }));
}

/**
 * The econometric screen: scope, horizon (1–24), the indicators' CSV and each indicator's lags;
 * the result's diagnostics, fan chart, coefficients and forecast table, with a button that keeps
 * every forecast month.
 */
export function econometricScreen(el: HTMLElement, env: Env): void {
  const scope = scopeSelect(env, 'fm-scope', env.query.get('scope') ?? '');
  const horizon = input('fm-econ-horizon', { value: '6', inputmode: 'numeric' });
  const status = statusEl('fm-econ-status');
  const { text, block: dataBlock } = pasteCsv({ testid: 'fm-econ-csv', fileTestid: 'fm-econ-file', label: t('fm.econ.data'), hint: t('fm.econ.dataHint'), rows: 8, placeholder: 'month,gdp,price\n2024-01,101.2,9.9\n…', status });
  const lagsBox = h('div', { class: 'form-grid', 'data-testid': 'fm-econ-lags' });
  const lagInputs = new Map<string, HTMLInputElement>();
  const refreshLags = () => {
    const head = csvRows(text.value)[0] ?? [];
    const names = head.slice(1).filter(Boolean);
    mount(lagsBox, names.map((n) => {
      const inp = lagInputs.get(n) ?? input(`fm-econ-lag-${n}`, { value: '0' });
      lagInputs.set(n, inp);
      return field(t('fm.econ.lagsOf', { name: n }), inp);
    }));
  };
  text.addEventListener('input', refreshLags);
  const out = h('div', { class: 'stack', 'data-testid': 'fm-econ-result' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-econ-submit' }, t('fm.compute'));
  const form = computeForm(
    { submit, status },
    () => {
      const hz = parseNumber(horizon.value);
      need(Number.isInteger(hz) && hz >= 1 && hz <= 24, t('fc.horizon'), t('fm.econ.badHorizon'));
      refreshLags();
      const indicators = parseIndicators(text.value).map((ind) => {
        const raw = lagInputs.get(ind.name)?.value ?? '0';
        const lags = raw.split(/[\s,，]+/).filter(Boolean).map(Number);
        need(lags.length > 0 && lags.every((l) => Number.isInteger(l) && l >= 0 && l <= 24), t('fm.econ.lagsOf', { name: ind.name }), t('fm.econ.badLags'));
        return { ...ind, lags };
      });
      return { scope: scope.value, horizon: hz, indicators };
    },
    async (b) => {
      env.save(new URLSearchParams({ scope: b.scope }));
      const [r, cur] = await Promise.all([request<Econometric>('POST', '/forecast/econometric', { body: b }), orgCurrency()]);
      show(r, cur, b.scope);
    },
    h('p', { class: 'hint' }, t('fm.econ.hint')),
    h('div', { class: 'form-grid' }, field(t('fc.scope'), scope), field(t('fc.horizon'), horizon)),
    dataBlock,
    lagsBox,
    h('p', { class: 'hint' }, t('fm.econ.lagsHint')),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  mount(el, card(t('fm.econ.title'), form, { testid: 'fm-econ-card' }), out);

  function show(r: Econometric, cur: string, scopeKey: string): void {
    const d = r.diagnostics;
    const chartBox = h('div', { class: 'chart', style: 'height:340px', 'data-testid': 'fm-econ-chart' });
    const f = r.forecast;
    mount(
      out,
      kpiRow(
        kpi('fm-econ-r2', 'R²', d.r_squared, number(d.r_squared, 3), t('fm.econ.adjR2', { v: number(d.adjusted_r_squared, 3) })),
        kpi('fm-econ-dw', 'Durbin–Watson', d.durbin_watson, number(d.durbin_watson, 2), t('fm.econ.dwHint')),
        kpi('fm-econ-lb', t('fm.econ.lb', { lag: d.ljung_box_lag }), d.ljung_box_p_value, `p = ${number(d.ljung_box_p_value, 3)}`, d.ljung_box_p_value < 0.05 ? t('fm.econ.lbBad') : t('fm.econ.lbOk')),
        kpi('fm-econ-n', t('fm.econ.obs'), d.observations, String(d.observations), t('fm.econ.params', { n: d.parameters, se: money(d.residual_se, cur) })),
      ),
      card(t('fm.econ.fan'), [chartBox, h('p', { class: 'hint' }, t('fm.econ.fanHint'))], { testid: 'fm-econ-fan' }),
      h(
        'div',
        { class: 'grid grid-1-1' },
        card(
          t('fm.econ.coefs'),
          table(
            'fm-econ-coefs',
            [th(t('fm.econ.term')), th(t('fm.econ.estimate'), true), th(t('fm.econ.se'), true), th('t', true), th('p', true), th('VIF', true)],
            r.coefficients.map((c) => h('tr', null, h('td', null, c.term), numCell(c.estimate, number(c.estimate, 3)), numCell(c.std_error, number(c.std_error, 3)), numCell(c.t_value, number(c.t_value, 2)), numCell(c.p_value, number(c.p_value, 3), { class: `num ${c.p_value < 0.05 ? 'bias-under' : 'muted'}` }), numCell(c.vif, number(c.vif, 1)))),
          ),
        ),
        card(
          t('fm.econ.forecastTable'),
          [
            table(
              'fm-econ-forecast',
              [th(t('fc.form.month')), th(t('fc.chart.forecast'), true), th(t('fc.chart.band80'), true), th(t('fc.chart.band95'), true)],
              r.months.map((m, i) => h('tr', null, h('td', null, month(m)), numCell(f.mean[i], money(f.mean[i], cur)), h('td', { class: 'num' }, `${number(f.lo80[i], 0)} – ${number(f.hi80[i], 0)}`), h('td', { class: 'num' }, `${number(f.lo95[i], 0)} – ${number(f.hi95[i], 0)}`))),
            ),
            keepBoxMonths(r, scopeKey),
          ],
        ),
      ),
    );
    env.charts.push(
      mountChart(
        chartBox,
        econFanOption({ currency: cur, historyMonths: r.history_months, history: r.history, months: r.months, fan: { label: t('fc.method.econometric'), ...f }, suggested: [], committed: [] }, r.fitted),
      ),
    );
  }

  function keepBoxMonths(r: Econometric, scopeKey: string): HTMLElement {
    const status = statusEl('fm-keep-status');
    const button = h('button', { class: 'btn btn-secondary', type: 'button', 'data-testid': 'fm-keep-submit' }, t('fm.econ.keep', { n: r.months.length }));
    button.addEventListener('click', () =>
      runBusy(button, status, t('fc.form.saving'), async () => {
        const f = r.forecast;
        for (let i = 0; i < r.months.length; i++) {
          await keepFigure(env, 'econometric', scopeKey, r.months[i], { amount: f.mean[i], lo80: f.lo80[i], hi80: f.hi80[i], lo95: f.lo95[i], hi95: f.hi95[i], model: 'regression' });
        }
        return t('fm.econ.kept', { n: r.months.length, scope: scopeName(env, scopeKey) });
      }),
    );
    return h('div', { class: 'fm-keep' }, h('p', { class: 'hint' }, t('fm.econ.keepHint')), button, status);
  }
}
