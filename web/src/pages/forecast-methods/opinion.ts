// 经理意见法 (#/forecast/methods/opinion): the executives' figures for a scope and month,
// weighted by their track record, with the spread between them.
import { request } from '../../api';
import { mountChart } from '../../charts';
import { card, empty } from '../../components/ui';
import { h, mount } from '../../dom';
import { opinionOption } from '../../method-charts';
import { money, moneyCompact, month, percent } from '../../format';
import { t } from '../../i18n';
import { type Env, kpiRow, fin, kpi, numCell, orgCurrency, scopeMonthScreen, table, th } from './shared';

interface Opinion {
  month: string;
  forecast: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  people: { name: string; figure: number; weight: number; history: number; past_mae: number | null }[];
  note: string;
}

/**
 * 经理意见法: the weighted executive opinion of a scope and month (GET /forecast/opinion):
 * weighted figure, median, quartiles and range, each person's figure, weight and past error,
 * and a link to the forecast sheet where one enters one's own figure.
 */
export function opinionScreen(el: HTMLElement, env: Env): void {
  const { load } = scopeMonthScreen(el, env, { title: t('fm.opinion.title'), hint: t('fm.opinion.hint'), testid: 'fm-opinion-controls' }, async (at, out) => {
    const d = await request<Opinion>('GET', '/forecast/opinion', { query: { scope: at.scope, month: at.month } });
    const cur = await orgCurrency().catch(() => 'CNY');
    const chartBox = h('div', { class: 'chart', style: `height:${Math.max(180, 40 * d.people.length + 60)}px`, 'data-testid': 'fm-opinion-chart' });
    const ownLink = h('a', { class: 'btn btn-secondary', href: `#/forecast?scope=${encodeURIComponent(at.scope)}` }, t('fm.opinion.enter'));
    mount(
      out,
      kpiRow(
        kpi('fm-opinion-forecast', t('fm.opinion.weighted'), d.forecast, moneyCompact(d.forecast, cur), month(d.month)),
        kpi('fm-opinion-median', t('fm.opinion.median'), d.median, moneyCompact(d.median, cur)),
        kpi('fm-opinion-iqr', t('fm.opinion.iqr'), d.q3 !== null && d.q1 !== null ? d.q3 - d.q1 : null, `${moneyCompact(d.q1, cur)} – ${moneyCompact(d.q3, cur)}`),
        kpi('fm-opinion-range', t('fm.opinion.range'), d.max, `${moneyCompact(d.min, cur)} – ${moneyCompact(d.max, cur)}`),
      ),
      d.people.length
        ? card(
            t('fm.opinion.people'),
            [
              chartBox,
              table(
                'fm-opinion-table',
                [th(t('fm.opinion.person')), th(t('fm.opinion.figure'), true), th(t('fm.opinion.weight'), true), th(t('fm.opinion.history'), true), th(t('fm.opinion.mae'), true)],
                d.people.map((p) => h('tr', null, h('td', null, p.name), numCell(p.figure, money(p.figure, cur)), numCell(p.weight, percent(p.weight)), numCell(p.history), numCell(p.past_mae, money(p.past_mae, cur)))),
              ),
            ],
            { testid: 'fm-opinion-card' },
          )
        : card(null, empty(t('fm.opinion.none')), { testid: 'fm-opinion-card' }),
      card(null, [d.note ? h('p', { class: 'hint' }, d.note) : null, h('p', { class: 'hint' }, t('fm.opinion.enterHint')), ownLink]),
    );
    if (d.people.length && fin(d.forecast)) env.charts.push(mountChart(chartBox, opinionOption({ people: d.people, forecast: d.forecast, q1: d.q1 ?? d.forecast, q3: d.q3 ?? d.forecast })));
  });
  void load();
}
