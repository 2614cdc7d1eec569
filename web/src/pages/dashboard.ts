// 仪表盘: KPI tiles, sales vs quota per rep and team, pipeline by stage and forecast
// category, and the monthly trend, for a chosen period (GET /dashboard?from&to).
import { api, type Dashboard } from '../api';
import { mountChart, OPEN_STAGES, categoryOption, repOption, stageOption, teamOption, trendOption, type ChartHandle } from '../charts';
import { card, empty, errorBox, loading, pageHeader, ratioBar } from '../components/ui';
import { h, mount, type Child } from '../dom';
import { date, dateShort, money, moneyCompact, number, percent } from '../format';
import { t, type MessageKey } from '../i18n';
import { replaceQuery, type RouteContext } from '../router';

export type PeriodId = 'year' | 'last12' | 'quarter';
const PERIODS: { id: PeriodId; label: MessageKey }[] = [
  { id: 'year', label: 'period.thisYear' },
  { id: 'last12', label: 'period.last12' },
  { id: 'quarter', label: 'period.thisQuarter' },
];

function iso(y: number, m: number, d: number): string {
  const dt = new Date(Date.UTC(y, m, d));
  return dt.toISOString().slice(0, 10);
}

/** The from/to dates (inclusive, whole months) of a period around `today`. */
export function periodRange(id: PeriodId, today = new Date()): { from: string; to: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  switch (id) {
    case 'last12':
      return { from: iso(y, m - 11, 1), to: iso(y, m + 1, 0) };
    case 'quarter': {
      const q = Math.floor(m / 3) * 3;
      return { from: iso(y, q, 1), to: iso(y, q + 3, 0) };
    }
    default:
      return { from: iso(y, 0, 1), to: iso(y, 11, 31) };
  }
}

/** Open pipeline: amount and count over the stages that are not closed. */
export function openPipeline(d: Dashboard): { amount: number; count: number } {
  const open = d.pipeline_by_stage.filter((r) => OPEN_STAGES.includes(r.stage));
  return { amount: open.reduce((s, r) => s + r.amount, 0), count: open.reduce((s, r) => s + r.count, 0) };
}

function tile(testid: string, label: MessageKey, raw: number | null, shown: string, full: string, detail: Child, tone = ''): HTMLElement {
  return h(
    'div',
    { class: `kpi ${tone}`, 'data-testid': testid, 'data-value': raw === null ? '' : String(raw), title: full },
    h('div', { class: 'kpi-label' }, t(label)),
    h('div', { class: 'kpi-value' }, shown),
    h('div', { class: 'kpi-detail' }, detail),
  );
}

function tiles(d: Dashboard): HTMLElement {
  const c = d.currency;
  const pipe = openPipeline(d);
  const gap = d.total.quota - d.total.sales;
  const att = d.total.attainment;
  const quotaDetail = d.total.quota > 0 ? (gap > 0 ? t('kpi.quotaGap', { gap: moneyCompact(gap, c) }) : t('kpi.quotaMet')) : t('kpi.noQuota');
  return h(
    'div',
    { class: 'kpis' },
    tile('kpi-total-sales', 'kpi.totalSales', d.total.sales, moneyCompact(d.total.sales, c), money(d.total.sales, c), t('period.range', { from: dateShort(d.from), to: dateShort(d.to) })),
    tile('kpi-quota', 'kpi.quota', d.total.quota, moneyCompact(d.total.quota, c), money(d.total.quota, c), quotaDetail),
    tile('kpi-attainment', 'kpi.attainment', att, percent(att), percent(att, 2), ratioBar(att), att === null ? '' : att >= 1 ? 'kpi-good' : att < 0.7 ? 'kpi-warn' : ''),
    tile('kpi-win-rate', 'kpi.winRate', d.win_rate.rate, percent(d.win_rate.rate), percent(d.win_rate.rate, 2), t('kpi.winRateDetail', { won: number(d.win_rate.won, 0), lost: number(d.win_rate.lost, 0) })),
    tile('kpi-open-pipeline', 'kpi.openPipeline', pipe.amount, moneyCompact(pipe.amount, c), money(pipe.amount, c), t('kpi.pipelineDetail', { count: number(pipe.count, 0) })),
  );
}

function teamTable(d: Dashboard): HTMLElement {
  if (!d.teams.length) return empty(t('dashboard.noData'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table table-compact', 'data-testid': 'team-table' },
      h('thead', null, h('tr', null, h('th', null, t('field.team')), h('th', { class: 'num' }, t('chart.sales')), h('th', { class: 'num' }, t('chart.quota')), h('th', null, t('chart.attainment')))),
      h(
        'tbody',
        null,
        d.teams.map((r) =>
          h(
            'tr',
            { 'data-team-id': String(r.team_id) },
            h('td', null, r.name),
            h('td', { class: 'num', 'data-value': String(r.sales) }, money(r.sales, d.currency)),
            h('td', { class: 'num', 'data-value': String(r.quota) }, money(r.quota, d.currency)),
            h('td', { class: 'attain', 'data-value': r.attainment === null ? '' : String(r.attainment) }, ratioBar(r.attainment), h('span', null, percent(r.attainment))),
          ),
        ),
      ),
    ),
  );
}

export function dashboardPage(el: HTMLElement, ctx: RouteContext): () => void {
  let period: PeriodId = (['year', 'last12', 'quarter'] as const).find((p) => p === ctx.query.get('period')) ?? 'year';
  let charts: ChartHandle[] = [];
  let controller: AbortController | null = null;
  const content = h('div', { class: 'dashboard-body' });
  const rangeEl = h('span', { class: 'period-range' });
  const segment = h('div', { class: 'segmented', role: 'group', 'aria-label': t('period.label') });

  function renderSegment(): void {
    mount(
      segment,
      PERIODS.map((p) =>
        h(
          'button',
          {
            type: 'button',
            class: p.id === period ? 'active' : '',
            'aria-pressed': p.id === period ? 'true' : 'false',
            'data-testid': `period-${p.id}`,
            onclick: () => {
              period = p.id;
              const q = new URLSearchParams(ctx.query);
              q.set('period', p.id);
              replaceQuery(q);
              renderSegment();
              void load();
            },
          },
          t(p.label),
        ),
      ),
    );
  }

  const root = h('div', { class: 'page dashboard', 'data-testid': 'dashboard' }, pageHeader(t('dashboard.title'), t('dashboard.subtitle'), rangeEl, segment), content);
  mount(el, root);
  renderSegment();

  function disposeCharts(): void {
    charts.forEach((c) => c.dispose());
    charts = [];
  }

  function chartBox(testid: string, height: number): HTMLElement {
    return h('div', { class: 'chart', style: `height:${height}px`, 'data-testid': testid });
  }

  // Territory-plan action items past their deadline (shown only when there are some).
  function overdueCard(d: Dashboard): HTMLElement | null {
    const overdue = d.overdue_actions;
    if (!overdue || overdue.total === 0) return null;
    return card(
      t('dashboard.overdue', { n: overdue.total }),
      h(
        'table',
        { class: 'table' },
        h('thead', null, h('tr', null, h('th', null, t('dashboard.overdueItem')), h('th', null, t('dashboard.overdueOwner')), h('th', null, t('dashboard.overdueDeadline')), h('th', null, t('dashboard.overdueStatus')))),
        h(
          'tbody',
          null,
          overdue.items.map((a) =>
            h('tr', { 'data-testid': 'overdue-row' }, h('td', null, h('a', { class: 'link', href: `#/territories/plans?plan=${encodeURIComponent(String(a.plan_id))}` }, a.title)), h('td', null, a.owner), h('td', null, date(a.deadline)), h('td', null, t(`dashboard.actionStatus.${a.status}` as MessageKey))),
          ),
        ),
      ),
      { testid: 'card-overdue' },
    );
  }

  function render(d: Dashboard): void {
    disposeCharts();
    root.dataset.from = d.from;
    root.dataset.to = d.to;
    root.dataset.period = period;
    root.dataset.state = 'ready';
    rangeEl.textContent = t('period.range', { from: date(d.from), to: date(d.to) });
    const hasPipeline = d.pipeline_by_stage.some((r) => OPEN_STAGES.includes(r.stage) && r.amount > 0);
    const repBox = chartBox('chart-reps', Math.max(220, 48 + d.reps.length * 26));
    const teamBox = chartBox('chart-teams', 240);
    const trendBox = chartBox('chart-trend', 280);
    const stageBox = chartBox('chart-stage', 280);
    const categoryBox = chartBox('chart-category', 280);
    mount(
      content,
      tiles(d),
      overdueCard(d),
      h(
        'div',
        { class: 'grid grid-2-1' },
        card(t('dashboard.trend'), d.trend.length ? trendBox : empty(t('dashboard.noData')), { testid: 'card-trend' }),
        card(t('dashboard.category'), d.pipeline_by_category.length ? categoryBox : empty(t('dashboard.noData')), { testid: 'card-category' }),
      ),
      h(
        'div',
        { class: 'grid grid-1-1' },
        card(t('dashboard.repChart'), d.reps.length ? h('div', { class: 'chart-scroll' }, repBox) : empty(t('dashboard.noData')), { testid: 'card-reps' }),
        h(
          'div',
          { class: 'stack' },
          card(t('dashboard.stage'), hasPipeline ? stageBox : empty(t('dashboard.noData')), { testid: 'card-stage' }),
          card(t('dashboard.teams'), d.teams.length ? [teamBox, teamTable(d)] : empty(t('dashboard.noData')), { testid: 'card-teams' }),
        ),
      ),
    );
    if (d.trend.length) charts.push(mountChart(trendBox, trendOption(d)));
    if (d.pipeline_by_category.length) charts.push(mountChart(categoryBox, categoryOption(d)));
    if (d.reps.length) charts.push(mountChart(repBox, repOption(d)));
    if (hasPipeline) charts.push(mountChart(stageBox, stageOption(d)));
    if (d.teams.length) charts.push(mountChart(teamBox, teamOption(d)));
  }

  async function load(): Promise<void> {
    controller?.abort();
    const mine = (controller = new AbortController());
    const { from, to } = periodRange(period);
    root.dataset.state = 'loading';
    if (!content.firstChild || content.querySelector('.state-error')) mount(content, loading());
    else content.classList.add('is-loading');
    try {
      const d = await api.dashboard(from, to, mine.signal);
      if (!mine.signal.aborted) render(d);
    } catch (err) {
      if (mine.signal.aborted) return;
      disposeCharts();
      root.dataset.state = 'error';
      mount(content, errorBox(err, () => void load()));
    } finally {
      content.classList.remove('is-loading');
    }
  }

  void load();
  return () => {
    controller?.abort();
    disposeCharts();
  };
}
