// 区域规划 (#/territories?scope=user:5&tau=0.05): the territories of a scope — one per rep —
// on a map of the accounts coloured by territory, their balance (workload against the mean
// and its ±τ band, potential), compactness and contiguity; a proposed realignment from the
// server's territory engine; and moving accounts by hand (what-if) with a locked set that
// the next proposal keeps. Those who may realign can apply an alignment to account owners.
// This module is the page frame: header (scope, τ), loading per scope, and the redraw; the
// parts are ./map, ./figures, ./proposal, ./edits and ./apply over the state in ./state.
import { api } from '../../api';
import type { TerritoryView } from '../../api';
import { card, empty, errorBox, isScopeNotFound, loading, notFoundState, pageHeader } from '../../components/ui';
import { debounce, h, mount } from '../../dom';
import { t } from '../../i18n';
import { replaceQuery, type RouteContext } from '../../router';
import { currentUser } from '../../session';
import { loadWorldMap } from '../../territory-charts';
import { ScopePicker } from '../../components/scope-picker';
import { renderApply } from './apply';
import { listCard, renderList, runWhatIf, selectionCard, toggleSelect } from './edits';
import { renderBalance, renderCompare, renderTable } from './figures';
import { drawMap, fitMap, renderModes, renderTiles } from './map';
import { alignCard, renderProposal } from './proposal';
import { type Territories, DEFAULT_TAU, disposeCharts, editedCount, pageBoxes, parseTau, setBusy, stale, tauPercent } from './state';

/**
 * The territory planning page for `ctx` (query `scope`, `tau`): root `data-testid="territories"`
 * with `data-state` (loading, ready, not-found, error), `data-scope`, `data-mode`, `data-busy`.
 * Nothing is stored until someone applies an alignment. The cleanup aborts calls (which cancels a
 * running proposal on the server) and disposes charts.
 */
export function territoriesPage(el: HTMLElement, ctx: RouteContext): () => void {
  const me = currentUser();
  // Whoever may realign may make it real (managers, executives, administrators); the
  // server decides on every account.
  const canRealign = !!me && me.role !== 'rep';
  const q = new URLSearchParams(ctx.query);
  const tau = parseTau(q.get('tau')) ?? DEFAULT_TAU;

  const picker = new ScopePicker({
    testid: 'tr-scope',
    label: t('tr.scope'),
    onChange: (key) => {
      pg.scopeKey = key;
      pg.applied = null;
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
    if (!ok || Math.abs(v / 100 - pg.tau) < 1e-9) return;
    pg.tau = v / 100;
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

  // Everything from `view` on belongs to the loaded scope and is reset with it.
  const pg: Territories = {
    root,
    content,
    canRealign,
    canApply: canRealign,
    tau,
    scopeKey: q.get('scope') ?? '',
    scopes: [],
    view: null,
    repIndex: new Map(),
    accountIndex: new Map(),
    working: new Map(),
    proposal: null,
    proposedMap: new Map(),
    comparison: null,
    mode: 'current',
    selected: new Set(),
    locked: new Set(),
    listFilter: '',
    listTerritory: '',
    alignForm: { maxMoved: 100, potentialWeight: 0, useHomes: true },
    alignError: '',
    alignNotice: '',
    alignJob: null,
    editError: '',
    busy: '',
    applied: null,
    controller: null,
    actionController: null,
    mapChart: null,
    charts: [],
    ...pageBoxes(),
    refresh,
    renderSide,
    loadView,
    toggleSelect: (id) => toggleSelect(pg, id),
  };

  function saveQuery(): void {
    const next = new URLSearchParams(ctx.query);
    next.set('scope', pg.scopeKey);
    next.set('tau', String(pg.tau));
    replaceQuery(next);
  }

  function notFound(): HTMLElement {
    const first = pg.scopes[0];
    return notFoundState('territories-not-found', t('tr.notFound.title'), t('tr.notFound.text'), first ? { href: `#/territories?scope=${encodeURIComponent(first.key)}&tau=${pg.tau}`, label: t('tr.notFound.back', { name: first.level === 'org' ? t('fc.level.org') : first.name }) } : null);
  }

  function readOnlyCard(): HTMLElement {
    return card(t('tr.readonly.title'), h('p', { class: 'hint', 'data-testid': 'tr-readonly' }, t('tr.readonly.text')), { testid: 'tr-readonly-card' });
  }

  function renderSide(): void {
    if (!pg.view) return;
    mount(pg.sideBox, pg.canRealign ? [alignCard(pg), selectionCard(pg)] : readOnlyCard());
  }

  /** Redraws everything that depends on the mode, the alignment or the selection. */
  function refresh(): void {
    if (!pg.view) return;
    pg.root.dataset.mode = pg.mode;
    renderModes(pg);
    renderTiles(pg);
    drawMap(pg, false);
    renderSide();
    renderCompare(pg);
    renderBalance(pg);
    renderTable(pg);
    renderProposal(pg);
    renderApply(pg);
    renderList(pg);
  }

  function render(v: TerritoryView): void {
    disposeCharts(pg);
    pg.root.dataset.state = 'ready';
    pg.root.dataset.scope = v.scope.key;
    pg.root.dataset.accounts = String(v.accounts.length);
    const scopeName = v.scope.level === 'org' ? t('fc.level.org') : v.scope.name;
    const mapCard = card(
      t('tr.map.title', { scope: scopeName }),
      v.accounts.length
        ? [pg.mapBox, h('p', { class: 'hint' }, pg.canRealign ? t('tr.map.hintEdit') : t('tr.map.hint'))]
        : empty(v.left_out ? t('tr.map.noneWithCoords', { n: v.left_out }) : t('tr.map.none')),
      {
        testid: 'card-map',
        class: 'tr-map-card',
        extra: h('div', { class: 'tr-map-tools' }, pg.canRealign ? pg.modeGroup : null, h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tr-fit', onclick: () => fitMap(pg) }, t('tr.map.fit'))),
      },
    );
    mount(
      pg.content,
      pg.tilesBox,
      h('div', { class: 'grid tr-main' }, mapCard, pg.sideBox),
      pg.compareBox,
      pg.balanceBox,
      pg.tableBox,
      pg.proposalBox,
      pg.applyBox,
      v.accounts.length ? listCard(pg) : null,
    );
    refresh();
  }

  async function loadView(resetScope: boolean): Promise<void> {
    pg.controller?.abort();
    pg.actionController?.abort();
    setBusy(pg, '');
    const mine = (pg.controller = new AbortController());
    pg.root.dataset.state = 'loading';
    if (!pg.view || resetScope || pg.content.querySelector('.state-error, .not-found')) {
      disposeCharts(pg);
      mount(pg.content, loading());
    } else {
      pg.content.classList.add('is-loading');
    }
    try {
      const [v] = await Promise.all([api.territories(pg.scopeKey, pg.tau, mine.signal), loadWorldMap()]);
      if (stale(mine)) return;
      const sameScope = pg.view && pg.view.scope.key === v.scope.key && !resetScope;
      pg.view = v;
      pg.repIndex = new Map(v.reps.map((r, i) => [r.key, i]));
      pg.accountIndex = new Map(v.accounts.map((a, i) => [a.id, i]));
      // A new τ keeps the edits and locks (and re-measures them); the proposal was made for the old τ.
      if (!sameScope) {
        pg.working = new Map(v.accounts.map((a) => [a.id, a.territory]));
        pg.selected.clear();
        pg.locked.clear();
        pg.listFilter = '';
        pg.listTerritory = '';
        pg.alignError = '';
        pg.alignNotice = '';
        pg.editError = '';
      }
      pg.proposal = null;
      pg.proposedMap = new Map();
      pg.comparison = null;
      pg.mode = sameScope && pg.mode === 'edited' && editedCount(pg) > 0 ? 'edited' : 'current';
      render(v);
      if (pg.mode === 'edited' && pg.canRealign) void runWhatIf(pg);
    } catch (err) {
      if (stale(mine, err)) return;
      disposeCharts(pg);
      pg.view = null;
      if (isScopeNotFound(err)) {
        pg.root.dataset.state = 'not-found';
        mount(pg.content, notFound());
      } else {
        pg.root.dataset.state = 'error';
        mount(pg.content, errorBox(err, () => void loadView(true)));
      }
    } finally {
      if (pg.controller === mine) pg.content.classList.remove('is-loading');
    }
  }

  /** Start-up: the user's scopes in the picker, then the territories of the asked (or first) scope. */
  async function start(): Promise<void> {
    const mine = (pg.controller = new AbortController());
    if (!(await picker.start({ root: pg.root, content: pg.content, signal: mine.signal, emptyText: t('tr.noScopes'), retry: () => void start() }))) return;
    pg.scopes = picker.scopes;
    if (!pg.scopeKey) pg.scopeKey = pg.scopes[0].key;
    picker.show(pg.scopeKey);
    saveQuery();
    await loadView(true);
  }

  void start();
  return () => {
    pg.controller?.abort();
    pg.actionController?.abort();
    disposeCharts(pg);
  };
}
