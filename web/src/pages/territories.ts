// 区域规划 (#/territories?scope=user:5&tau=0.05): the territories of a scope — one per rep —
// on a map of the accounts coloured by territory, their balance (workload against the mean
// and its ±τ band, potential), compactness and contiguity; a proposed realignment from the
// server's territory engine; and moving accounts by hand (what-if) with a locked set that
// the next proposal keeps. Nothing is stored: the server only measures and proposes.
import {
  api,
  ApiError,
  type AccountTerritory,
  type AlignNote,
  type AlignmentMetrics,
  type ForecastScope,
  type TerritoryAccount,
  type TerritoryComparison,
  type TerritoryMetrics,
  type TerritoryMove,
  type TerritoryProposal,
  type TerritoryView,
} from '../api';
import type { ChartHandle } from '../charts';
import { badge, card, empty, errorBox, errorText, loading, pageHeader } from '../components/ui';
import { debounce, h, mount, type Child } from '../dom';
import { number, percent } from '../format';
import { t, type MessageKey } from '../i18n';
import { replaceQuery, type RouteContext } from '../router';
import { currentUser } from '../session';
import { accountIndexOf, accountPoints, balanceOption, loadWorldMap, mapOption, mapSeries, mountTerritoryChart, signed, territoryColor, type BalanceRow, type MapInput } from '../territory-charts';
import { ScopePicker } from '../components/scope-picker';

const DEFAULT_TAU = 0.05;
const LIST_LIMIT = 100;
const MOVES_LIMIT = 200;

type Mode = 'current' | 'proposed' | 'edited';
type Num = number | null | undefined;
const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);

function km(v: Num): string {
  return fin(v) ? t('tr.km', { n: number(v, 0) }) : '—';
}

function hours(v: Num): string {
  return fin(v) ? t('tr.hours', { n: number(v, 0) }) : '—';
}

function share(v: Num, digits = 1): string {
  return percent(fin(v) ? v : null, digits);
}

/** τ as typed in the page (percent) ↔ the API's share. */
function tauPercent(tau: number): string {
  return String(Math.round(tau * 1000) / 10);
}

function parseTau(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) && v > 0 && v <= 1 ? v : null;
}

function kpi(testid: string, label: string, raw: Num, shown: string, detail: Child, tone = '', title?: string): HTMLElement {
  return h(
    'div',
    { class: `kpi ${tone}`, 'data-testid': testid, 'data-value': fin(raw) ? String(raw) : '', title: title ?? null },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, shown),
    h('div', { class: 'kpi-detail' }, detail),
  );
}

function fieldLabel(field: string): string {
  const known: Record<string, MessageKey> = {
    tau: 'tr.tau',
    tolerance: 'tr.tau',
    max_moved: 'tr.align.maxMoved',
    potential_weight: 'tr.align.potentialWeight',
    use_homes: 'tr.align.useHomes',
    locks: 'tr.lock.title',
    alignment: 'tr.edit.title',
    scope: 'tr.scope',
  };
  return known[field] ? t(known[field]) : field;
}

function problemText(err: unknown): string {
  const text = errorText(err);
  if (err instanceof ApiError && err.problem.field) return t('tr.fieldError', { field: fieldLabel(err.problem.field), detail: text });
  return text;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || (err.status === 400 && err.problem.field === 'scope'));
}

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

export function territoriesPage(el: HTMLElement, ctx: RouteContext): () => void {
  const me = currentUser();
  const canRealign = !!me && me.role !== 'rep';
  // Whoever may realign may make it real (managers, executives, administrators); the
  // server decides on every account.
  const canApply = canRealign;
  const q = new URLSearchParams(ctx.query);
  let tau = parseTau(q.get('tau')) ?? DEFAULT_TAU;
  let scopeKey = q.get('scope') ?? '';
  let scopes: ForecastScope[] = [];

  // Everything below belongs to the loaded scope and is reset with it.
  let view: TerritoryView | null = null;
  let repIndex = new Map<string, number>();
  let accountIndex = new Map<string, number>();
  let working = new Map<string, string>(); // the alignment being edited: account id → territory
  let proposal: TerritoryProposal | null = null;
  let proposedMap = new Map<string, string>();
  let comparison: TerritoryComparison | null = null;
  let mode: Mode = 'current';
  const selected = new Set<string>();
  const locked = new Set<string>();
  let listFilter = '';
  let listTerritory = '';
  let alignForm = { maxMoved: 100, potentialWeight: 0, useHomes: true };
  let alignError = '';
  let editError = '';
  let busy: '' | 'align' | 'whatif' | 'apply' = '';
  let applied: { ok: boolean; text: string; moved?: number } | null = null; // the last apply's outcome, kept across the reload it causes

  let controller: AbortController | null = null;
  let actionController: AbortController | null = null;
  let mapChart: ChartHandle | null = null;
  let charts: ChartHandle[] = [];

  const picker = new ScopePicker({
    testid: 'tr-scope',
    label: t('tr.scope'),
    onChange: (key) => {
      scopeKey = key;
      applied = null;
      saveQuery();
      void loadView(true);
    },
  });
  const tauInput = h('input', {
    class: 'input input-sm tau-input',
    type: 'number',
    min: '0.5',
    max: '100',
    step: '0.5',
    value: tauPercent(tau),
    'data-testid': 'tr-tau',
    'aria-label': t('tr.tau'),
    title: t('tr.tauHint'),
  });
  const onTau = debounce(() => {
    const v = Number(tauInput.value);
    const ok = Number.isFinite(v) && v > 0 && v <= 100;
    tauInput.classList.toggle('invalid', !ok);
    if (!ok || Math.abs(v / 100 - tau) < 1e-9) return;
    tau = v / 100;
    saveQuery();
    void loadView(false);
  }, 450);
  tauInput.addEventListener('input', onTau);

  const content = h('div', { class: 'dashboard-body territories-body' });
  const root = h(
    'div',
    { class: 'page territories', 'data-testid': 'territories', 'data-state': 'loading', 'data-busy': '' },
    pageHeader(
      t('tr.title'),
      t('tr.subtitle'),
      h('a', { class: 'btn btn-secondary btn-sm', href: '#/territories/plans', 'data-testid': 'tr-plans-link' }, t('tr.plansLink')),
      h('label', { class: 'inline-field' }, h('span', null, t('tr.scope')), picker.select),
      h('label', { class: 'inline-field' }, h('span', null, t('tr.tau')), h('span', { class: 'tau-field' }, '±', tauInput, '%')),
    ),
    content,
  );
  mount(el, root);
  mount(content, loading());

  function saveQuery(): void {
    const next = new URLSearchParams(ctx.query);
    next.set('scope', scopeKey);
    next.set('tau', String(tau));
    replaceQuery(next);
  }

  function setBusy(b: typeof busy): void {
    busy = b;
    root.dataset.busy = b;
  }

  function disposeCharts(): void {
    mapChart?.dispose();
    mapChart = null;
    charts.forEach((c) => c.dispose());
    charts = [];
  }

  // ---------- helpers on the loaded view ----------

  const repName = (key: string): string => {
    const i = repIndex.get(key);
    return i === undefined ? key : view!.reps[i].name;
  };
  const repColor = (key: string): string => territoryColor(repIndex.get(key) ?? view!.reps.length);
  /** Why an account moves, in the page's language, with the reps' names. */
  function moveReason(m: TerritoryMove): string {
    const from = m.from ? repName(m.from) : '', to = repName(m.to);
    switch (m.why) {
      case 'from_overloaded':
      case 'to_underloaded':
        return t(`tr.why.${m.why}`, { from, to, p: share(Math.abs(m.deviation ?? 0)) });
      case 'closer':
        return t('tr.why.closer', { before: km(m.km_before), after: km(m.km_after) });
      default:
        return t(`tr.why.${m.why}`, { from, to });
    }
  }

  /** An unmet goal of a proposal, in the page's language. */
  function noteText(n: AlignNote): string {
    switch (n.kind) {
      case 'unbalanced':
        return t('tr.note.unbalanced', {
          tau: share(n.tolerance ?? 0),
          dev: share(n.deviation ?? 0),
          remedies: (n.remedies ?? []).map((r) => t(`tr.note.remedy.${r}`)).join(t('tr.note.or')),
        });
      case 'noncontiguous':
        return t('tr.note.noncontiguous', { n: n.count ?? 0 });
      default:
        return t('tr.note.time_limit', { done: n.count ?? 0, of: n.of ?? 0 });
    }
  }

  function territoryIn(m: Mode, a: TerritoryAccount): string {
    if (m === 'proposed') return proposedMap.get(a.id) ?? a.territory;
    if (m === 'edited') return working.get(a.id) ?? a.territory;
    return a.territory;
  }

  function editedCount(): number {
    if (!view) return 0;
    let n = 0;
    for (const a of view.accounts) if ((working.get(a.id) ?? a.territory) !== a.territory) n++;
    return n;
  }

  function metricsOf(m: Mode): AlignmentMetrics | null {
    if (!view) return null;
    if (m === 'proposed') return proposal?.metrics ?? null;
    if (m === 'edited') return comparison?.after ?? null;
    return view.metrics;
  }

  function modeName(m: Mode): string {
    return t(`tr.mode.${m}` as MessageKey);
  }

  // ---------- the page ----------

  function notFound(): HTMLElement {
    const first = scopes[0];
    return h(
      'div',
      { class: 'not-found', role: 'alert', 'data-testid': 'territories-not-found' },
      h('div', { class: 'not-found-icon', 'aria-hidden': 'true' }, '?'),
      h('h1', null, t('tr.notFound.title')),
      h('p', null, t('tr.notFound.text')),
      first
        ? h(
            'a',
            { class: 'btn btn-primary', href: `#/territories?scope=${encodeURIComponent(first.key)}&tau=${tau}` },
            t('tr.notFound.back', { name: first.level === 'org' ? t('fc.level.org') : first.name }),
          )
        : null,
    );
  }

  const tilesBox = h('div', { 'data-testid': 'tr-kpis' });
  const mapBox = h('div', { class: 'chart tr-map', 'data-testid': 'tr-map' });
  const modeGroup = h('div', { class: 'segmented', role: 'group', 'aria-label': t('tr.mode.label'), 'data-testid': 'tr-mode' });
  const sideBox = h('div', { class: 'stack' });
  const compareBox = h('div');
  const balanceBox = h('div');
  const tableBox = h('div');
  const proposalBox = h('div');
  const listBox = h('div');
  const applyBox = h('div', { 'data-testid': 'tr-apply-box' });

  function renderTiles(): void {
    const m = metricsOf(mode) ?? view!.metrics;
    const base = view!.metrics;
    const vs = (now: number, was: number, show: (v: number) => string) =>
      mode !== 'current' && Math.abs(now - was) > 1e-12 ? t('tr.kpi.was', { value: show(was) }) : '';
    const within = m.max_workload_deviation <= m.tolerance + 1e-12;
    const accounts = view!.accounts.length;
    mount(
      tilesBox,
      h(
        'div',
        { class: 'kpis tr-kpis', 'data-mode': mode },
        kpi('tr-kpi-territories', t('tr.kpi.territories'), m.territories.length, number(m.territories.length, 0), m.empty_territories ? t('tr.kpi.empty', { n: m.empty_territories }) : t('tr.kpi.territoriesDetail')),
        kpi(
          'tr-kpi-accounts',
          t('tr.kpi.accounts'),
          accounts,
          number(accounts, 0),
          view!.left_out ? t('tr.kpi.leftOut', { n: number(view!.left_out, 0) }) : t('tr.kpi.allPlaced'),
          view!.left_out ? 'kpi-warn' : '',
          view!.left_out ? t('tr.kpi.leftOutHint') : undefined,
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

  function renderModes(): void {
    const available: Record<Mode, boolean> = { current: true, proposed: !!proposal, edited: editedCount() > 0 };
    mount(
      modeGroup,
      (['current', 'proposed', 'edited'] as Mode[]).map((m) =>
        h(
          'button',
          {
            type: 'button',
            class: m === mode ? 'active' : '',
            'aria-pressed': m === mode ? 'true' : 'false',
            disabled: !available[m],
            title: available[m] ? null : t(`tr.mode.${m}Empty` as MessageKey),
            'data-testid': `tr-mode-${m}`,
            onclick: () => setMode(m),
          },
          modeName(m),
        ),
      ),
    );
  }

  function setMode(m: Mode): void {
    if (m === mode) return;
    mode = m;
    refresh();
  }

  function mapInput(): MapInput {
    return {
      accounts: view!.accounts,
      reps: view!.reps,
      territoryOf: (a) => territoryIn(mode, a),
      colorOf: repColor,
      nameOf: repName,
      selected,
      locked,
      showHomes: view!.reps.some((r) => r.home),
    };
  }

  function drawMap(fresh: boolean): void {
    if (!view || !view.accounts.length) return;
    const input = mapInput();
    if (fresh || !mapChart) {
      mapChart?.dispose();
      mapChart = mountTerritoryChart(mapBox, mapOption(input));
      mapChart.chart.on('click', (p) => {
        const i = accountIndexOf(p as { seriesId?: string; value?: unknown });
        if (i === null || !view || !canRealign) return;
        toggleSelect(view.accounts[i].id);
      });
    } else {
      mapChart.chart.setOption({ series: mapSeries(input) }, { replaceMerge: ['series'] });
    }
    mapBox.dataset.points = String(accountPoints(mapSeries(input)));
    mapBox.dataset.mode = mode;
    mapBox.dataset.selected = String(selected.size);
  }

  function fitMap(): void {
    if (!mapChart || !view) return;
    drawMap(true);
  }

  function renderCompare(): void {
    const cols: { mode: Mode; m: AlignmentMetrics }[] = [{ mode: 'current', m: view!.metrics }];
    if (proposal) cols.push({ mode: 'proposed', m: proposal.metrics });
    if (comparison && editedCount() > 0) cols.push({ mode: 'edited', m: comparison.after });
    if (cols.length < 2) {
      mount(compareBox);
      return;
    }
    const better = (v: number, was: number) => (Math.abs(v - was) < 1e-9 ? '' : v < was ? 'better' : 'worse');
    mount(
      compareBox,
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
                    const was = view!.metrics[row.key] as number;
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
                h('td', null, t('tr.cmp.balanced', { tau: share(tau) })),
                cols.map((c) =>
                  h('td', { class: 'num', 'data-testid': `tr-cmp-${c.mode}-balanced`, 'data-value': String(c.m.balanced) }, c.m.balanced ? badge(t('tr.yes'), 'green') : badge(t('tr.no'), 'amber')),
                ),
              ),
              h(
                'tr',
                { 'data-metric': 'moved' },
                h('td', null, t('tr.cmp.moved')),
                cols.map((c) => {
                  const d = c.mode === 'proposed' ? proposal?.disruption : c.mode === 'edited' ? comparison?.disruption : null;
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

  function balanceRows(m: AlignmentMetrics, withBefore: boolean): BalanceRow[] {
    const before = new Map(view!.metrics.territories.map((x) => [x.name, x.workload]));
    return m.territories.map((x) => ({
      territory: x.name,
      name: repName(x.name),
      color: repColor(x.name),
      workload: x.workload,
      potential: x.potential,
      before: withBefore ? (before.get(x.name) ?? null) : undefined,
    }));
  }

  function renderBalance(): void {
    charts.forEach((c) => c.dispose());
    charts = [];
    const m = metricsOf(mode);
    if (!m || !m.territories.length) {
      mount(balanceBox, card(t('tr.balance.title'), empty(busy === 'whatif' ? t('app.loading') : t('tr.noTerritories')), { testid: 'card-balance' }));
      return;
    }
    const box = h('div', { class: 'chart', style: 'height:340px', 'data-testid': 'chart-balance' });
    mount(
      balanceBox,
      card(t('tr.balance.title'), [box, h('p', { class: 'hint' }, t('tr.balance.hint'))], {
        testid: 'card-balance',
        extra: h('span', { class: 'muted card-extra' }, modeName(mode)),
      }),
    );
    const compare = mode !== 'current';
    charts.push(mountTerritoryChart(box, balanceOption(balanceRows(m, compare), m.mean_workload, m.tolerance, compare ? modeName('current') : null, t('tr.chart.workloadOf', { mode: modeName(mode) }))));
  }

  function contiguity(x: TerritoryMetrics): Child {
    if (x.accounts === 0) return h('span', { class: 'muted' }, '—');
    return x.components <= 1 ? badge(t('tr.yes'), 'green') : badge(t('tr.pieces', { n: x.components }), 'amber');
  }

  function renderTable(): void {
    const m = metricsOf(mode);
    if (!m) {
      mount(tableBox, card(t('tr.table.title'), empty(busy === 'whatif' ? t('app.loading') : t('tr.noTerritories')), { testid: 'card-metrics' }));
      return;
    }
    const before = new Map(view!.metrics.territories.map((x) => [x.name, x]));
    const compare = mode !== 'current';
    const devTone = (d: number) => (Math.abs(d) <= m.tolerance + 1e-12 ? 'dev-ok' : 'dev-bad');
    mount(
      tableBox,
      card(
        t('tr.table.title'),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table table-compact tr-table', 'data-testid': 'tr-metrics-table', 'data-mode': mode },
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
                  h(
                    'td',
                    null,
                    h(
                      'span',
                      { class: 'tr-rep' },
                      h('span', { class: 'swatch', style: `background:${repColor(x.name)}` }),
                      repName(x.name),
                      x.home_base ? h('span', { class: 'muted tr-home', title: t('tr.table.homeHint') }, t('tr.table.home')) : null,
                    ),
                  ),
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
        { testid: 'card-metrics', extra: h('span', { class: 'muted card-extra' }, t('tr.table.mean', { n: hours(m.mean_workload), mode: modeName(mode) })) },
      ),
    );
  }

  // ---------- selecting, moving and locking ----------

  function toggleSelect(id: string): void {
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    drawMap(false);
    renderSide();
    renderList();
  }

  function moveSelected(to: string): void {
    if (!view || !selected.size) return;
    for (const id of selected) working.set(id, to);
    selected.clear();
    editError = '';
    mode = 'edited';
    void runWhatIf();
  }

  function resetEdits(): void {
    if (!view) return;
    working = new Map(view.accounts.map((a) => [a.id, a.territory]));
    comparison = null;
    editError = '';
    if (mode === 'edited') mode = 'current';
    refresh();
  }

  function editFromProposal(): void {
    if (!view || !proposal) return;
    working = new Map(view.accounts.map((a) => [a.id, proposedMap.get(a.id) ?? a.territory]));
    mode = 'edited';
    void runWhatIf();
  }

  async function runWhatIf(): Promise<void> {
    if (!view) return;
    actionController?.abort();
    const mine = (actionController = new AbortController());
    if (editedCount() === 0) {
      comparison = null;
      if (mode === 'edited') mode = 'current';
      refresh();
      return;
    }
    setBusy('whatif');
    applied = null;
    comparison = null;
    refresh();
    const alignment: AccountTerritory[] = view.accounts.map((a) => ({ account_id: a.id, territory: working.get(a.id) ?? a.territory }));
    try {
      const c = await api.territoryWhatIf(view.scope.key, tau, alignment, mine.signal);
      if (mine.signal.aborted) return;
      comparison = c;
      editError = '';
    } catch (err) {
      if (mine.signal.aborted || (err as Error).name === 'AbortError') return;
      editError = problemText(err);
    }
    setBusy('');
    refresh();
  }

  async function propose(): Promise<void> {
    if (!view) return;
    actionController?.abort();
    const mine = (actionController = new AbortController());
    alignError = '';
    applied = null;
    setBusy('align');
    renderSide();
    const locks: AccountTerritory[] = [...locked].map((id) => ({ account_id: id, territory: working.get(id) ?? view!.accounts[accountIndex.get(id)!].territory }));
    try {
      const p = await api.alignTerritories(
        {
          scope: view.scope.key,
          tau,
          max_moved: alignForm.maxMoved / 100,
          potential_weight: alignForm.potentialWeight,
          use_homes: alignForm.useHomes,
          locks,
        },
        mine.signal,
      );
      if (mine.signal.aborted) return;
      proposal = p;
      proposedMap = new Map(p.proposed.map((x) => [x.account_id, x.territory]));
      mode = 'proposed';
    } catch (err) {
      if (mine.signal.aborted || (err as Error).name === 'AbortError') return;
      alignError = problemText(err);
    }
    setBusy('');
    refresh();
    // A what-if cut short by the proposal is measured again.
    if (editedCount() > 0 && !comparison) void runWhatIf();
  }

  function selectionCard(): HTMLElement {
    const v = view!;
    const chosen = [...selected].map((id) => v.accounts[accountIndex.get(id)!]).filter(Boolean);
    const workload = chosen.reduce((s, a) => s + a.workload, 0);
    const target = h(
      'select',
      { class: 'input input-sm', 'data-testid': 'tr-move-to', 'aria-label': t('tr.edit.moveTo') },
      h('option', { value: '' }, t('tr.edit.pick')),
      v.reps.map((r) => h('option', { value: r.key }, r.name)),
    );
    const moveBtn = h('button', { class: 'btn btn-primary btn-sm', type: 'button', 'data-testid': 'tr-move-submit', disabled: !chosen.length || busy !== '', onclick: () => target.value && moveSelected(target.value) }, t('tr.edit.move'));
    const lockBtn = h(
      'button',
      {
        class: 'btn btn-secondary btn-sm',
        type: 'button',
        'data-testid': 'tr-lock',
        disabled: !chosen.length,
        onclick: () => {
          chosen.forEach((a) => locked.add(a.id));
          selected.clear();
          refresh();
        },
      },
      t('tr.lock.lock'),
    );
    const unlockBtn = h(
      'button',
      {
        class: 'btn btn-secondary btn-sm',
        type: 'button',
        'data-testid': 'tr-unlock',
        disabled: !chosen.some((a) => locked.has(a.id)),
        onclick: () => {
          chosen.forEach((a) => locked.delete(a.id));
          selected.clear();
          refresh();
        },
      },
      t('tr.lock.unlock'),
    );
    const edits = editedCount();
    return card(
      t('tr.edit.title'),
      h(
        'div',
        { class: 'tr-edit' },
        h('p', { class: 'hint' }, t('tr.edit.hint')),
        h(
          'div',
          { class: 'tr-selection', 'data-testid': 'tr-selection', 'data-count': chosen.length },
          chosen.length
            ? [
                h('b', null, t('tr.edit.selected', { n: chosen.length, hours: hours(workload) })),
                h(
                  'div',
                  { class: 'chips' },
                  chosen.slice(0, 6).map((a) => h('span', { class: 'chip', title: `${a.name} · ${repName(working.get(a.id) ?? a.territory)}` }, a.name)),
                  chosen.length > 6 ? h('span', { class: 'chip' }, `+${chosen.length - 6}`) : null,
                ),
                h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tr-clear-selection', onclick: () => { selected.clear(); refresh(); } }, t('tr.edit.clear')),
              ]
            : h('span', { class: 'muted' }, t('tr.edit.none')),
        ),
        h('div', { class: 'form-inline' }, h('label', { class: 'form-row' }, h('span', null, t('tr.edit.moveTo')), target), moveBtn),
        h('div', { class: 'tr-lock-row' }, lockBtn, unlockBtn, h('span', { class: 'muted', 'data-testid': 'tr-locked-count', 'data-count': locked.size }, t('tr.lock.count', { n: locked.size }))),
        h('p', { class: 'hint' }, t('tr.lock.hint')),
        h(
          'div',
          { class: 'tr-edits', 'data-testid': 'tr-edits', 'data-count': edits },
          h('span', null, edits ? t('tr.edit.edited', { n: edits }) : t('tr.edit.unedited')),
          edits ? h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tr-reset-edits', onclick: resetEdits }, t('tr.edit.reset')) : null,
        ),
        busy === 'whatif' ? h('div', { class: 'form-status', role: 'status' }, t('tr.edit.measuring')) : null,
        editError ? h('div', { class: 'form-error', role: 'alert', 'data-testid': 'tr-edit-error' }, editError) : null,
      ),
      { testid: 'tr-move-card' },
    );
  }

  function alignCard(): HTMLElement {
    const num = (testid: string, value: number, min: number, max: number, step: number, set: (v: number) => void) =>
      h('input', {
        class: 'input input-sm',
        type: 'number',
        min: String(min),
        max: String(max),
        step: String(step),
        value: String(value),
        'data-testid': testid,
        oninput: (e: Event) => {
          const v = Number((e.target as HTMLInputElement).value);
          const ok = Number.isFinite(v) && v >= min && v <= max;
          (e.target as HTMLInputElement).classList.toggle('invalid', !ok);
          if (ok) set(v);
        },
      });
    const homes = h('input', { type: 'checkbox', 'data-testid': 'tr-align-homes', onchange: (e: Event) => (alignForm.useHomes = (e.target as HTMLInputElement).checked) });
    homes.checked = alignForm.useHomes;
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'tr-propose', disabled: busy !== '' || !view!.accounts.length }, busy === 'align' ? t('tr.align.running') : t('tr.align.submit'));
    return card(
      t('tr.align.title'),
      h(
        'form',
        {
          class: 'fc-form',
          'data-testid': 'tr-align-form',
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            void propose();
          },
        },
        h('p', { class: 'hint' }, t('tr.align.hint', { tau: share(tau) })),
        h(
          'div',
          { class: 'form-grid tr-align-grid' },
          h('label', { class: 'form-row' }, h('span', null, t('tr.align.maxMoved')), h('span', { class: 'tau-field' }, num('tr-align-max-moved', alignForm.maxMoved, 0, 100, 5, (v) => (alignForm.maxMoved = v)), '%')),
          h('label', { class: 'form-row', title: t('tr.align.potentialWeightHint') }, h('span', null, t('tr.align.potentialWeight')), num('tr-align-potential-weight', alignForm.potentialWeight, 0, 100, 0.5, (v) => (alignForm.potentialWeight = v))),
        ),
        h('label', { class: 'check' }, homes, h('span', null, t('tr.align.useHomes'))),
        locked.size ? h('p', { class: 'hint', 'data-testid': 'tr-align-locks' }, t('tr.align.locks', { n: locked.size })) : null,
        h('div', { class: 'form-actions' }, submit, busy === 'align' ? h('span', { class: 'spinner' }) : null),
        alignError ? h('div', { class: 'form-error', role: 'alert', 'data-testid': 'tr-align-error' }, alignError) : null,
      ),
      { testid: 'tr-align-card' },
    );
  }

  function readOnlyCard(): HTMLElement {
    return card(t('tr.readonly.title'), h('p', { class: 'hint', 'data-testid': 'tr-readonly' }, t('tr.readonly.text')), { testid: 'tr-readonly-card' });
  }

  function renderSide(): void {
    if (!view) return;
    mount(sideBox, canRealign ? [alignCard(), selectionCard()] : readOnlyCard());
  }

  function renderProposal(): void {
    if (!proposal) {
      mount(proposalBox);
      return;
    }
    const p = proposal;
    const d = p.disruption;
    const moves = p.moves;
    const nameOf = (id: string) => {
      const i = accountIndex.get(id);
      return i === undefined ? id : view!.accounts[i].name;
    };
    mount(
      proposalBox,
      card(
        t('tr.proposal.title'),
        h(
          'div',
          { class: 'stack tr-proposal' },
          h(
            'div',
            { class: 'tr-disruption', 'data-testid': 'tr-disruption' },
            d
              ? [
                  h('div', null, h('b', { 'data-value': String(d.moved_accounts), 'data-testid': 'tr-moved-accounts' }, number(d.moved_accounts, 0)), h('span', null, t('tr.proposal.movedAccounts', { share: share(d.moved_share) }))),
                  h('div', null, h('b', null, share(d.moved_workload_share)), h('span', null, t('tr.proposal.movedWorkload'))),
                  h('div', null, h('b', null, share(d.moved_potential_share)), h('span', null, t('tr.proposal.movedPotential'))),
                ]
              : h('span', { class: 'muted' }, t('tr.proposal.noCurrent')),
            h('div', { class: 'muted tr-seconds' }, t('tr.proposal.seconds', { s: number(p.seconds, 1) })),
          ),
          p.notes.length
            ? h('div', { class: 'notice tr-notes', 'data-testid': 'tr-notes' }, h('b', null, t('tr.proposal.notes')), h('ul', null, p.notes.map((n) => h('li', { 'data-kind': n.kind }, noteText(n)))))
            : null,
          canRealign
            ? h(
                'div',
                { class: 'form-actions' },
                h('button', { class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'tr-edit-proposal', disabled: busy !== '', onclick: editFromProposal }, t('tr.proposal.edit')),
                h('span', { class: 'hint' }, t('tr.proposal.editHint')),
              )
            : null,
          moves.length
            ? h(
                'div',
                { class: 'table-wrap tr-moves-wrap' },
                h(
                  'table',
                  { class: 'table table-compact', 'data-testid': 'tr-moves' },
                  h('thead', null, h('tr', null, h('th', null, t('tr.field.account')), h('th', null, t('tr.proposal.from')), h('th', null, t('tr.proposal.to')), h('th', null, t('tr.proposal.reason')))),
                  h(
                    'tbody',
                    null,
                    moves.slice(0, MOVES_LIMIT).map((m) =>
                      h(
                        'tr',
                        { 'data-testid': 'tr-move-row', 'data-account': m.account_id },
                        h('td', null, nameOf(m.account_id)),
                        h('td', null, m.from ? h('span', { class: 'tr-rep' }, h('span', { class: 'swatch', style: `background:${repColor(m.from)}` }), repName(m.from)) : '—'),
                        h('td', null, h('span', { class: 'tr-rep' }, h('span', { class: 'swatch', style: `background:${repColor(m.to)}` }), repName(m.to))),
                        h('td', { class: 'tr-reason', 'data-why': m.why }, moveReason(m)),
                      ),
                    ),
                  ),
                ),
                moves.length > MOVES_LIMIT ? h('p', { class: 'hint' }, t('tr.proposal.more', { n: moves.length - MOVES_LIMIT })) : null,
              )
            : h('p', { class: 'muted' }, t('tr.proposal.noMoves')),
        ),
        { testid: 'card-proposal', extra: h('span', { class: 'muted card-extra' }, t('tr.proposal.count', { n: number(moves.length, 0) })) },
      ),
    );
  }

  function renderList(): void {
    const v = view!;
    const needle = listFilter.trim().toLowerCase();
    const matches: number[] = [];
    v.accounts.forEach((a, i) => {
      const terr = territoryIn(mode, a);
      if (listTerritory && terr !== listTerritory) return;
      if (needle && !`${a.name} ${a.city} ${a.external_id}`.toLowerCase().includes(needle)) return;
      matches.push(i);
    });
    const shown = matches.slice(0, LIST_LIMIT);
    const tbody = h(
      'tbody',
      null,
      shown.map((i) => {
        const a = v.accounts[i];
        const terr = territoryIn(mode, a);
        const isSel = selected.has(a.id);
        const moved = terr !== a.territory;
        return h(
          'tr',
          {
            class: `${canRealign ? 'clickable' : ''} ${isSel ? 'selected' : ''}`,
            'data-testid': 'tr-account-row',
            'data-account': a.id,
            'data-territory': terr,
            onclick: canRealign ? (e: Event) => (e.target as HTMLElement).tagName !== 'INPUT' && toggleSelect(a.id) : null,
          },
          canRealign
            ? h('td', { class: 'tr-check' }, h('input', { type: 'checkbox', checked: isSel, 'aria-label': t('tr.list.select', { name: a.name }), onchange: () => toggleSelect(a.id) }))
            : null,
          h('td', null, h('div', { class: 'tr-account-name' }, a.name, locked.has(a.id) ? h('span', { class: 'tr-lock-badge', title: t('tr.lock.locked') }, t('tr.lock.locked')) : null), h('div', { class: 'muted tr-ext' }, a.external_id)),
          h('td', null, a.city || '—'),
          h('td', null, h('span', { class: 'tr-rep' }, h('span', { class: 'swatch', style: `background:${repColor(terr)}` }), repName(terr), moved ? h('span', { class: 'muted tr-was' }, t('tr.list.was', { name: repName(a.territory) })) : null)),
          h('td', { class: 'num' }, hours(a.workload)),
          h('td', { class: 'num' }, number(a.potential, 0)),
        );
      }),
    );
    mount(
      listBox.querySelector('[data-slot="list"]') ?? listBox,
      h(
        'div',
        { class: 'table-wrap tr-list-wrap' },
        h(
          'table',
          { class: 'table table-compact tr-list', 'data-testid': 'tr-accounts' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              canRealign ? h('th', { class: 'tr-check' }) : null,
              h('th', null, t('tr.field.account')),
              h('th', null, t('tr.field.city')),
              h('th', null, t('tr.field.rep')),
              h('th', { class: 'num' }, t('tr.field.workload')),
              h('th', { class: 'num' }, t('tr.field.potential')),
            ),
          ),
          tbody,
        ),
      ),
      h('p', { class: 'hint', 'data-testid': 'tr-list-count', 'data-count': matches.length }, matches.length > LIST_LIMIT ? t('tr.list.limited', { shown: LIST_LIMIT, n: number(matches.length, 0), mode: modeName(mode) }) : t('tr.list.count', { n: number(matches.length, 0), mode: modeName(mode) })),
    );
  }

  function listCard(): HTMLElement {
    const v = view!;
    const search = h('input', {
      class: 'input input-sm search',
      type: 'search',
      placeholder: t('tr.list.search'),
      'aria-label': t('tr.list.search'),
      'data-testid': 'tr-list-search',
      value: listFilter,
    });
    search.addEventListener(
      'input',
      debounce(() => {
        listFilter = search.value;
        renderList();
      }, 200),
    );
    const terrSel = h(
      'select',
      {
        class: 'input input-sm',
        'data-testid': 'tr-list-territory',
        'aria-label': t('tr.field.rep'),
        onchange: () => {
          listTerritory = terrSel.value;
          renderList();
        },
      },
      h('option', { value: '' }, t('tr.list.allTerritories')),
      v.reps.map((r) => h('option', { value: r.key }, r.name)),
    );
    terrSel.value = listTerritory;
    const slot = h('div', { 'data-slot': 'list' });
    mount(listBox, slot);
    return card(t('tr.list.title'), [h('div', { class: 'tr-list-tools' }, search, terrSel), listBox], { testid: 'card-accounts' });
  }

  /** Redraws everything that depends on the mode, the alignment or the selection. */
  function refresh(): void {
    if (!view) return;
    root.dataset.mode = mode;
    renderModes();
    renderTiles();
    drawMap(false);
    renderSide();
    renderCompare();
    renderBalance();
    renderTable();
    renderProposal();
    renderApply();
    renderList();
  }

  // ---------- making an alignment real ----------

  /** The alignment shown in `m` for every account of the view (the what-if shape). */
  function alignmentOf(m: Mode): AccountTerritory[] {
    return view ? view.accounts.map((a) => ({ account_id: a.id, territory: territoryIn(m, a) })) : [];
  }

  /** How many accounts would change owner if the alignment of `m` were applied. */
  function ownerChanges(m: Mode): number {
    return view ? view.accounts.filter((a) => territoryIn(m, a) !== a.territory).length : 0;
  }

  /**
   * The "Apply to account owners" bar under a proposal or a measured edit (for those who
   * may realign), and the outcome of the last apply. Nothing for the current alignment.
   */
  function renderApply(): void {
    const shown = (mode === 'proposed' && !!proposal) || (mode === 'edited' && !!comparison);
    const n = shown ? ownerChanges(mode) : 0;
    const outcome = applied
      ? h('div', { class: applied.ok ? 'form-status ok' : 'form-error', role: applied.ok ? 'status' : 'alert', 'data-testid': 'tr-apply-status', 'data-moved': applied.moved === undefined ? '' : String(applied.moved) }, applied.text)
      : null;
    if (!canApply || !n) {
      mount(applyBox, outcome);
      return;
    }
    const button = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'tr-apply', 'data-count': String(n), disabled: busy !== '', onclick: () => void applyToOwners(mode) }, t('tr.apply.button', { n: number(n, 0) }));
    mount(applyBox, h('div', { class: 'notice tr-apply' }, h('p', null, t('tr.apply.hint', { mode: modeName(mode), n: number(n, 0) })), button), outcome);
  }

  /**
   * After the user confirms (the confirm says how many accounts change owner), makes the
   * alignment of `m` the accounts' owners (POST /territories/apply), then reloads the scope's
   * current territories. A refusal is shown under the button; nothing is retried.
   */
  async function applyToOwners(m: Mode): Promise<void> {
    if (!view || busy) return;
    const n = ownerChanges(m);
    if (!n || !confirm(t('tr.apply.confirm', { n: number(n, 0) }))) return;
    actionController?.abort();
    const mine = (actionController = new AbortController());
    setBusy('apply');
    renderApply();
    try {
      const r = await api.applyTerritories(view.scope.key, alignmentOf(m), mine.signal);
      if (mine.signal.aborted) return;
      applied = { ok: true, moved: r.moved, text: t('tr.apply.done', { n: number(r.moved, 0) }) };
      setBusy('');
      await loadView(true);
    } catch (err) {
      if (mine.signal.aborted || (err as Error).name === 'AbortError') return;
      applied = { ok: false, text: problemText(err) };
      setBusy('');
      refresh();
    }
  }

  function render(v: TerritoryView): void {
    disposeCharts();
    root.dataset.state = 'ready';
    root.dataset.scope = v.scope.key;
    root.dataset.accounts = String(v.accounts.length);
    const scopeName = v.scope.level === 'org' ? t('fc.level.org') : v.scope.name;
    const mapCard = card(
      t('tr.map.title', { scope: scopeName }),
      v.accounts.length
        ? [mapBox, h('p', { class: 'hint' }, canRealign ? t('tr.map.hintEdit') : t('tr.map.hint'))]
        : empty(v.left_out ? t('tr.map.noneWithCoords', { n: v.left_out }) : t('tr.map.none')),
      {
        testid: 'card-map',
        class: 'tr-map-card',
        extra: h('div', { class: 'tr-map-tools' }, canRealign ? modeGroup : null, h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tr-fit', onclick: fitMap }, t('tr.map.fit'))),
      },
    );
    mount(
      content,
      tilesBox,
      h('div', { class: 'grid tr-main' }, mapCard, sideBox),
      compareBox,
      balanceBox,
      tableBox,
      proposalBox,
      applyBox,
      v.accounts.length ? listCard() : null,
    );
    refresh();
  }

  async function loadView(resetScope: boolean): Promise<void> {
    controller?.abort();
    actionController?.abort();
    setBusy('');
    const mine = (controller = new AbortController());
    root.dataset.state = 'loading';
    if (!view || resetScope || content.querySelector('.state-error, .not-found')) {
      disposeCharts();
      mount(content, loading());
    } else {
      content.classList.add('is-loading');
    }
    try {
      const [v] = await Promise.all([api.territories(scopeKey, tau, mine.signal), loadWorldMap()]);
      if (mine.signal.aborted) return;
      const sameScope = view && view.scope.key === v.scope.key && !resetScope;
      view = v;
      repIndex = new Map(v.reps.map((r, i) => [r.key, i]));
      accountIndex = new Map(v.accounts.map((a, i) => [a.id, i]));
      // A new τ keeps the edits and locks (and re-measures them); the proposal was made for the old τ.
      if (!sameScope) {
        working = new Map(v.accounts.map((a) => [a.id, a.territory]));
        selected.clear();
        locked.clear();
        listFilter = '';
        listTerritory = '';
        alignError = '';
        editError = '';
      }
      proposal = null;
      proposedMap = new Map();
      comparison = null;
      mode = sameScope && mode === 'edited' && editedCount() > 0 ? 'edited' : 'current';
      render(v);
      if (mode === 'edited' && canRealign) void runWhatIf();
    } catch (err) {
      if (mine.signal.aborted || (err as Error).name === 'AbortError') return;
      disposeCharts();
      view = null;
      if (isNotFound(err)) {
        root.dataset.state = 'not-found';
        mount(content, notFound());
      } else {
        root.dataset.state = 'error';
        mount(content, errorBox(err, () => void loadView(true)));
      }
    } finally {
      if (controller === mine) content.classList.remove('is-loading');
    }
  }

  /** Start-up: the user's scopes in the picker, then the territories of the asked (or first) scope. */
  async function start(): Promise<void> {
    const mine = (controller = new AbortController());
    if (!(await picker.start({ root, content, signal: mine.signal, emptyText: t('tr.noScopes'), retry: () => void start() }))) return;
    scopes = picker.scopes;
    if (!scopeKey) scopeKey = scopes[0].key;
    picker.show(scopeKey);
    saveQuery();
    await loadView(true);
  }

  void start();
  return () => {
    controller?.abort();
    actionController?.abort();
    disposeCharts();
  };
}
