// The territory page's overview (#/territories): the KPI tiles of the alignment shown (with
// what they were before), the mode switch (current / proposed / edited), and the map of the
// accounts coloured by territory — a click selects an account for those who may realign.
import { number } from '../../format';
import { h, mount } from '../../dom';
import { t, type MessageKey } from '../../i18n';
import { accountIndexOf, accountPoints, mapOption, mapSeries, mountTerritoryChart, type MapInput } from '../../territory-charts';
import { type Mode, type Territories, editedCount, km, kpi, metricsOf, modeName, repColor, repName, share, territoryIn } from './state';

/** The KPI tiles of the mode shown, each with what it was in the current alignment when it differs. */
export function renderTiles(pg: Territories): void {
  const m = metricsOf(pg, pg.mode) ?? pg.view!.metrics;
  const base = pg.view!.metrics;
  const vs = (now: number, was: number, show: (v: number) => string) =>
    pg.mode !== 'current' && Math.abs(now - was) > 1e-12 ? t('tr.kpi.was', { value: show(was) }) : '';
  const within = m.max_workload_deviation <= m.tolerance + 1e-12;
  const accounts = pg.view!.accounts.length;
  mount(
    pg.tilesBox,
    h(
      'div',
      { class: 'kpis tr-kpis', 'data-mode': pg.mode },
      kpi('tr-kpi-territories', t('tr.kpi.territories'), m.territories.length, number(m.territories.length, 0), m.empty_territories ? t('tr.kpi.empty', { n: m.empty_territories }) : t('tr.kpi.territoriesDetail')),
      kpi(
        'tr-kpi-accounts',
        t('tr.kpi.accounts'),
        accounts,
        number(accounts, 0),
        pg.view!.left_out ? t('tr.kpi.leftOut', { n: number(pg.view!.left_out, 0) }) : t('tr.kpi.allPlaced'),
        pg.view!.left_out ? 'kpi-warn' : '',
        pg.view!.left_out ? t('tr.kpi.leftOutHint') : undefined,
      ),
      kpi(
        'tr-kpi-maxdev',
        t('tr.kpi.maxDev'),
        m.max_workload_deviation,
        share(m.max_workload_deviation),
        [
          h('span', null, within ? t('tr.kpi.within', { tau: share(m.tolerance) }) : t('tr.kpi.outside', { n: m.outside_tolerance, tau: share(m.tolerance) })),
          h('span', { class: 'kpi-was' }, vs(m.max_workload_deviation, base.max_workload_deviation, (v) => share(v))),
        ],
        within ? 'kpi-good' : 'kpi-warn',
        m.workload_deviation_floor > 0 ? t('tr.kpi.floor', { floor: share(m.workload_deviation_floor) }) : undefined,
      ),
      kpi(
        'tr-kpi-noncontiguous',
        t('tr.kpi.noncontiguous'),
        m.noncontiguous_territories,
        number(m.noncontiguous_territories, 0),
        [
          h('span', null, m.noncontiguous_territories ? t('tr.kpi.noncontiguousDetail') : t('tr.kpi.allContiguous')),
          h('span', { class: 'kpi-was' }, vs(m.noncontiguous_territories, base.noncontiguous_territories, (v) => number(v, 0))),
        ],
        m.noncontiguous_territories ? 'kpi-warn' : 'kpi-good',
      ),
      kpi(
        'tr-kpi-meankm',
        t('tr.kpi.meanKm'),
        m.mean_km,
        km(m.mean_km),
        [h('span', null, t('tr.kpi.meanKmDetail', { radius: km(m.max_radius_km) })), h('span', { class: 'kpi-was' }, vs(m.mean_km, base.mean_km, km))],
        '',
        t('tr.kpi.dispersion', { n: number(m.dispersion_km_h, 0) }),
      ),
    ),
  );
}

/** The mode buttons; proposed and edited are disabled while there is no proposal or edit. */
export function renderModes(pg: Territories): void {
  const available: Record<Mode, boolean> = { current: true, proposed: !!pg.proposal, edited: editedCount(pg) > 0 };
  mount(
    pg.modeGroup,
    (['current', 'proposed', 'edited'] as Mode[]).map((m) =>
      h(
        'button',
        {
          type: 'button',
          class: m === pg.mode ? 'active' : '',
          'aria-pressed': m === pg.mode ? 'true' : 'false',
          disabled: !available[m],
          title: available[m] ? null : t(`tr.mode.${m}Empty` as MessageKey),
          'data-testid': `tr-mode-${m}`,
          onclick: () => setMode(pg, m),
        },
        modeName(m),
      ),
    ),
  );
}

/** Shows the alignment of `m` (redraws everything) unless it is already shown. */
export function setMode(pg: Territories, m: Mode): void {
  if (m === pg.mode) return;
  pg.mode = m;
  pg.refresh();
}

/**
 * What the map draws: the accounts coloured by their territory in the mode shown, selection, locks
 * and home bases.
 */
export function mapInput(pg: Territories): MapInput {
  return {
    accounts: pg.view!.accounts,
    reps: pg.view!.reps,
    territoryOf: (a) => territoryIn(pg, pg.mode, a),
    colorOf: (key) => repColor(pg, key),
    nameOf: (key) => repName(pg, key),
    selected: pg.selected,
    locked: pg.locked,
    showHomes: pg.view!.reps.some((r) => r.home),
  };
}

/**
 * Draws the map (anew when `fresh` or not yet drawn, else only its series) and records `data-
 * points`, `data-mode`, `data-selected` on the map box.
 */
export function drawMap(pg: Territories, fresh: boolean): void {
  if (!pg.view || !pg.view.accounts.length) return;
  const input = mapInput(pg);
  if (fresh || !pg.mapChart) {
    pg.mapChart?.dispose();
    pg.mapChart = mountTerritoryChart(pg.mapBox, mapOption(input));
    pg.mapChart.chart.on('click', (p) => {
      const i = accountIndexOf(p as { seriesId?: string; value?: unknown });
      if (i === null || !pg.view || !pg.canRealign) return;
      pg.toggleSelect(pg.view.accounts[i].id);
    });
  } else {
    pg.mapChart.chart.setOption({ series: mapSeries(input) }, { replaceMerge: ['series'] });
  }
  pg.mapBox.dataset.points = String(accountPoints(mapSeries(input)));
  pg.mapBox.dataset.mode = pg.mode;
  pg.mapBox.dataset.selected = String(pg.selected.size);
}

/** Redraws the map from scratch, fitting it to the accounts. */
export function fitMap(pg: Territories): void {
  if (!pg.mapChart || !pg.view) return;
  drawMap(pg, true);
}
