// The territory page's figures for the alignment shown: the side-by-side comparison of current,
// proposed and edited alignments, the workload balance chart (mean, ±τ band, potential), and
// the per-territory table (workload, deviation, potential, compactness, contiguity).
import type { AlignmentMetrics, TerritoryMetrics } from '../../api';
import { badge, card, empty } from '../../components/ui';
import { h, mount, type Child } from '../../dom';
import { number } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { balanceOption, mountTerritoryChart, signed, type BalanceRow } from '../../territory-charts';
import { type Mode, type Territories, editedCount, fin, hours, km, metricsOf, modeName, repChip, repColor, repName, share } from './state';

/** The side-by-side rows: which figure, how it is shown, and whether lower is better. */
const COMPARE: { key: keyof AlignmentMetrics; label: MessageKey; show: (v: number) => string }[] = [
  { key: 'max_workload_deviation', label: 'tr.cmp.maxDev', show: (v) => share(v) },
  { key: 'outside_tolerance', label: 'tr.cmp.outside', show: (v) => number(v, 0) },
  { key: 'max_potential_deviation', label: 'tr.cmp.maxPotDev', show: (v) => share(v) },
  { key: 'noncontiguous_territories', label: 'tr.cmp.noncontiguous', show: (v) => number(v, 0) },
  { key: 'mean_km', label: 'tr.cmp.meanKm', show: (v) => km(v) },
  { key: 'max_radius_km', label: 'tr.cmp.maxRadius', show: (v) => km(v) },
  { key: 'travel_km', label: 'tr.cmp.travel', show: (v) => km(v) },
];

/**
 * The side-by-side table of current, proposed and edited figures (only when there are two columns
 * or more), better/worse against the current ones.
 */
export function renderCompare(pg: Territories): void {
  const cols: { mode: Mode; m: AlignmentMetrics }[] = [{ mode: 'current', m: pg.view!.metrics }];
  if (pg.proposal) cols.push({ mode: 'proposed', m: pg.proposal.metrics });
  if (pg.comparison && editedCount(pg) > 0) cols.push({ mode: 'edited', m: pg.comparison.after });
  if (cols.length < 2) {
    mount(pg.compareBox);
    return;
  }
  const better = (v: number, was: number) => (Math.abs(v - was) < 1e-9 ? '' : v < was ? 'better' : 'worse');
  mount(
    pg.compareBox,
    card(
      t('tr.cmp.title'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-compact tr-compare', 'data-testid': 'tr-compare' },
          h('thead', null, h('tr', null, h('th', null, t('tr.cmp.figure')), cols.map((c) => h('th', { class: 'num', 'data-col': c.mode }, modeName(c.mode))))),
          h(
            'tbody',
            null,
            COMPARE.map((row) =>
              h(
                'tr',
                { 'data-metric': row.key },
                h('td', null, t(row.label)),
                cols.map((c) => {
                  const v = c.m[row.key] as number;
                  const was = pg.view!.metrics[row.key] as number;
                  return h(
                    'td',
                    { class: `num ${c.mode === 'current' ? '' : better(v, was)}`, 'data-testid': `tr-cmp-${c.mode}-${row.key}`, 'data-value': String(v) },
                    row.show(v),
                  );
                }),
              ),
            ),
            h(
              'tr',
              { 'data-metric': 'balanced' },
              h('td', null, t('tr.cmp.balanced', { tau: share(pg.tau) })),
              cols.map((c) =>
                h('td', { class: 'num', 'data-testid': `tr-cmp-${c.mode}-balanced`, 'data-value': String(c.m.balanced) }, c.m.balanced ? badge(t('tr.yes'), 'green') : badge(t('tr.no'), 'amber')),
              ),
            ),
            h(
              'tr',
              { 'data-metric': 'moved' },
              h('td', null, t('tr.cmp.moved')),
              cols.map((c) => {
                const d = c.mode === 'proposed' ? pg.proposal?.disruption : c.mode === 'edited' ? pg.comparison?.disruption : null;
                return h(
                  'td',
                  { class: 'num', 'data-testid': `tr-cmp-${c.mode}-moved`, 'data-value': d ? String(d.moved_accounts) : '0' },
                  d ? t('tr.cmp.movedValue', { n: number(d.moved_accounts, 0), share: share(d.moved_workload_share) }) : '—',
                );
              }),
            ),
          ),
        ),
      ),
      { testid: 'card-compare', extra: h('span', { class: 'muted card-extra' }, t('tr.cmp.hint')) },
    ),
  );
}

/**
 * The balance chart's rows of `m`, with each territory's current workload as `before` when
 * `withBefore`.
 */
export function balanceRows(pg: Territories, m: AlignmentMetrics, withBefore: boolean): BalanceRow[] {
  const before = new Map(pg.view!.metrics.territories.map((x) => [x.name, x.workload]));
  return m.territories.map((x) => ({
    territory: x.name,
    name: repName(pg, x.name),
    color: repColor(pg, x.name),
    workload: x.workload,
    potential: x.potential,
    before: withBefore ? (before.get(x.name) ?? null) : undefined,
  }));
}

/**
 * The workload balance chart of the mode shown (with the current workloads beside when not
 * current), or an empty state.
 */
export function renderBalance(pg: Territories): void {
  pg.charts.forEach((c) => c.dispose());
  pg.charts = [];
  const m = metricsOf(pg, pg.mode);
  if (!m || !m.territories.length) {
    mount(pg.balanceBox, card(t('tr.balance.title'), empty(pg.busy === 'whatif' ? t('app.loading') : t('tr.noTerritories')), { testid: 'card-balance' }));
    return;
  }
  const box = h('div', { class: 'chart', style: 'height:340px', 'data-testid': 'chart-balance' });
  mount(
    pg.balanceBox,
    card(t('tr.balance.title'), [box, h('p', { class: 'hint' }, t('tr.balance.hint'))], {
      testid: 'card-balance',
      extra: h('span', { class: 'muted card-extra' }, modeName(pg.mode)),
    }),
  );
  const compare = pg.mode !== 'current';
  pg.charts.push(mountTerritoryChart(box, balanceOption(balanceRows(pg, m, compare), m.mean_workload, m.tolerance, compare ? modeName('current') : null, t('tr.chart.workloadOf', { mode: modeName(pg.mode) }))));
}

function contiguity(x: TerritoryMetrics): Child {
  if (x.accounts === 0) return h('span', { class: 'muted' }, '—');
  return x.components <= 1 ? badge(t('tr.yes'), 'green') : badge(t('tr.pieces', { n: x.components }), 'amber');
}

/**
 * The per-territory table of the mode shown (with the workload change against the current
 * alignment when not current).
 */
export function renderTable(pg: Territories): void {
  const m = metricsOf(pg, pg.mode);
  if (!m) {
    mount(pg.tableBox, card(t('tr.table.title'), empty(pg.busy === 'whatif' ? t('app.loading') : t('tr.noTerritories')), { testid: 'card-metrics' }));
    return;
  }
  const before = new Map(pg.view!.metrics.territories.map((x) => [x.name, x]));
  const compare = pg.mode !== 'current';
  const devTone = (d: number) => (Math.abs(d) <= m.tolerance + 1e-12 ? 'dev-ok' : 'dev-bad');
  mount(
    pg.tableBox,
    card(
      t('tr.table.title'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-compact tr-table', 'data-testid': 'tr-metrics-table', 'data-mode': pg.mode },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, t('tr.field.rep')),
              h('th', { class: 'num' }, t('tr.field.accounts')),
              h('th', { class: 'num' }, t('tr.field.workload')),
              h('th', { class: 'num' }, t('tr.field.deviation')),
              compare ? h('th', { class: 'num' }, t('tr.table.change')) : null,
              h('th', { class: 'num' }, t('tr.field.potential')),
              h('th', { class: 'num' }, t('tr.field.potentialDeviation')),
              h('th', { class: 'num', title: t('tr.table.dispersionHint') }, t('tr.field.meanKm')),
              h('th', { class: 'num' }, t('tr.field.radius')),
              h('th', { class: 'num', title: t('tr.table.travelHint') }, t('tr.field.travel')),
              h('th', null, t('tr.field.contiguous')),
            ),
          ),
          h(
            'tbody',
            null,
            m.territories.map((x) => {
              const was = before.get(x.name);
              const change = was ? x.workload - was.workload : null;
              return h(
                'tr',
                { 'data-testid': 'tr-territory-row', 'data-territory': x.name },
                h('td', null, repChip(pg, x.name, x.home_base ? h('span', { class: 'muted tr-home', title: t('tr.table.homeHint') }, t('tr.table.home')) : null)),
                h('td', { class: 'num', 'data-col': 'accounts', 'data-value': String(x.accounts) }, number(x.accounts, 0)),
                h('td', { class: 'num', 'data-col': 'workload', 'data-value': String(x.workload) }, hours(x.workload)),
                h('td', { class: `num ${devTone(x.workload_deviation)}`, 'data-col': 'workload_deviation', 'data-value': String(x.workload_deviation) }, signed(x.workload_deviation)),
                compare
                  ? h('td', { class: 'num', 'data-col': 'change', 'data-value': fin(change) ? String(change) : '' }, fin(change) && Math.abs(change) >= 0.5 ? `${change > 0 ? '+' : '−'}${hours(Math.abs(change))}` : h('span', { class: 'muted' }, '—'))
                  : null,
                h('td', { class: 'num', 'data-col': 'potential', 'data-value': String(x.potential) }, number(x.potential, 0)),
                h('td', { class: 'num', 'data-col': 'potential_deviation' }, signed(x.potential_deviation)),
                h('td', { class: 'num', 'data-col': 'mean_km', title: t('tr.kpi.dispersion', { n: number(x.dispersion_km_h, 0) }) }, km(x.workload > 0 ? x.dispersion_km_h / x.workload : null)),
                h('td', { class: 'num', 'data-col': 'radius_km' }, km(x.radius_km)),
                h('td', { class: 'num', 'data-col': 'travel_km' }, km(x.travel_km)),
                h('td', { 'data-col': 'contiguous', 'data-value': String(x.components) }, contiguity(x)),
              );
            }),
          ),
        ),
      ),
      { testid: 'card-metrics', extra: h('span', { class: 'muted card-extra' }, t('tr.table.mean', { n: hours(m.mean_workload), mode: modeName(pg.mode) })) },
    ),
  );
}
