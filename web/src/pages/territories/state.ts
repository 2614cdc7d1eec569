// The territory planning page's state (#/territories): what is loaded for a scope, the
// alignment being edited, the proposal and its what-if measure, selection and locks, which
// call is running, and the page's boxes that the render functions fill. Also the formatting
// and error helpers the page's modules share, and the small read-only questions on the state
// (whose territory is an account in a mode, which figures a mode shows, how many accounts are
// edited). The page module (./page) owns one `Territories` and installs its hooks.
import {
  type AlignJob,
  type AlignmentMetrics,
  type ForecastScope,
  type TerritoryAccount,
  type TerritoryComparison,
  type TerritoryProposal,
  type TerritoryView,
} from '../../api';
import type { ChartHandle } from '../../charts';
import { fieldProblemText } from '../../components/ui';
import { h, type Child } from '../../dom';
import { number, percent } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { territoryColor } from '../../territory-charts';

/** τ when the query names none: ±5% of the mean workload. */
export const DEFAULT_TAU = 0.05;
/** How many accounts the account list shows at most. */
export const LIST_LIMIT = 100;
/** How many moves the proposal's table shows at most. */
export const MOVES_LIMIT = 200;

/** Which alignment the page shows: the accounts' owners, the server's proposal, or the user's edit. */
export type Mode = 'current' | 'proposed' | 'edited';
/** The call that runs (shown in the root's `data-busy`), or '' when none does. */
export type Busy = '' | 'align' | 'whatif' | 'apply';
/** A figure as the API sends it: a number, or null/absent where there is none. */
export type Num = number | null | undefined;
/** True for a finite number (narrows `Num`). */
export const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);

/** Everything the page's modules read and change. Reset per scope by `loadView` in ./page. */
export interface Territories {
  readonly root: HTMLElement;
  readonly content: HTMLElement;
  /** Managers, executives and administrators may propose, edit and (the server permitting) apply. */
  readonly canRealign: boolean;
  readonly canApply: boolean;
  tau: number;
  scopeKey: string;
  scopes: ForecastScope[];

  view: TerritoryView | null;
  repIndex: Map<string, number>;
  accountIndex: Map<string, number>;
  /** The alignment being edited: account id → territory. */
  working: Map<string, string>;
  proposal: TerritoryProposal | null;
  proposedMap: Map<string, string>;
  comparison: TerritoryComparison | null;
  mode: Mode;
  readonly selected: Set<string>;
  readonly locked: Set<string>;
  listFilter: string;
  listTerritory: string;
  alignForm: { maxMoved: number; potentialWeight: number; useHomes: boolean };
  alignError: string;
  /** What became of the last proposal when it gave none (it was cancelled). */
  alignNotice: string;
  /** The running proposal's job as last polled (null when none runs or before it starts). */
  alignJob: AlignJob | null;
  editError: string;
  busy: Busy;
  /** The last apply's outcome, kept across the reload it causes. */
  applied: { ok: boolean; text: string; moved?: number } | null;

  controller: AbortController | null;
  actionController: AbortController | null;
  mapChart: ChartHandle | null;
  charts: ChartHandle[];

  readonly tilesBox: HTMLElement;
  readonly mapBox: HTMLElement;
  readonly modeGroup: HTMLElement;
  readonly sideBox: HTMLElement;
  readonly compareBox: HTMLElement;
  readonly balanceBox: HTMLElement;
  readonly tableBox: HTMLElement;
  readonly proposalBox: HTMLElement;
  readonly listBox: HTMLElement;
  readonly applyBox: HTMLElement;

  /** Redraws everything that depends on the mode, the alignment or the selection. */
  refresh(): void;
  /** Redraws the side column (proposal form and selection, or the read-only note). */
  renderSide(): void;
  /** Loads the scope's territories again (`resetScope`: forget edits, locks and the list filter). */
  loadView(resetScope: boolean): Promise<void>;
  /** Selects or unselects an account (map click, list row). */
  toggleSelect(id: string): void;
}

/** The empty boxes of the page, created once; the render functions fill them. */
export function pageBoxes(): Pick<Territories, 'tilesBox' | 'mapBox' | 'modeGroup' | 'sideBox' | 'compareBox' | 'balanceBox' | 'tableBox' | 'proposalBox' | 'listBox' | 'applyBox'> {
  return {
    tilesBox: h('div', { 'data-testid': 'tr-kpis' }),
    mapBox: h('div', { class: 'chart tr-map', 'data-testid': 'tr-map' }),
    modeGroup: h('div', { class: 'segmented', role: 'group', 'aria-label': t('tr.mode.label'), 'data-testid': 'tr-mode' }),
    sideBox: h('div', { class: 'stack' }),
    compareBox: h('div'),
    balanceBox: h('div'),
    tableBox: h('div'),
    proposalBox: h('div'),
    listBox: h('div'),
    applyBox: h('div', { 'data-testid': 'tr-apply-box' }),
  };
}

// ---------- formatting ----------

/** Kilometres, or — when there is no figure. */
export function km(v: Num): string {
  return fin(v) ? t('tr.km', { n: number(v, 0) }) : '—';
}

/** Hours, or — when there is no figure. */
export function hours(v: Num): string {
  return fin(v) ? t('tr.hours', { n: number(v, 0) }) : '—';
}

/** A share as a percentage (— when there is none). */
export function share(v: Num, digits = 1): string {
  return percent(fin(v) ? v : null, digits);
}

/** τ as typed in the page (percent) ↔ the API's share. */
export function tauPercent(tau: number): string {
  return String(Math.round(tau * 1000) / 10);
}

/** τ from the query: a share in (0, 1], else null. */
export function parseTau(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) && v > 0 && v <= 1 ? v : null;
}

/** A KPI tile with `tone`; `data-value` carries `raw`, `title` explains it. */
export function kpi(testid: string, label: string, raw: Num, shown: string, detail: Child, tone = '', title?: string): HTMLElement {
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
    restarts: 'tr.align.restarts',
    alignment: 'tr.edit.title',
    scope: 'tr.scope',
  };
  return known[field] ? t(known[field]) : field;
}

/** The text of a failed call, naming the page's field the problem is about. */
export function problemText(err: unknown): string {
  return fieldProblemText(err, fieldLabel);
}

/** The name of a mode, in the page's language. */
export function modeName(m: Mode): string {
  return t(`tr.mode.${m}` as MessageKey);
}

// ---------- the state ----------

/** Records the running call in the state and in the root's `data-busy`. */
export function setBusy(pg: Territories, b: Busy): void {
  pg.busy = b;
  pg.root.dataset.busy = b;
}

/** Disposes the map and every other chart of the page. */
export function disposeCharts(pg: Territories): void {
  pg.mapChart?.dispose();
  pg.mapChart = null;
  pg.charts.forEach((c) => c.dispose());
  pg.charts = [];
}

/**
 * Starts a proposal, what-if or apply call: aborts the one that runs and returns the new
 * call's controller. `stale(mine, err?)` then says whether its outcome is to be dropped.
 */
export function startAction(pg: Territories): AbortController {
  pg.actionController?.abort();
  return (pg.actionController = new AbortController());
}

/** Whether a call's outcome is to be dropped: it was aborted (or failed by being aborted). */
export function stale(mine: AbortController, err?: unknown): boolean {
  return mine.signal.aborted || (err !== undefined && (err as Error).name === 'AbortError');
}

/** The rep's name of a territory key (the key itself if unknown). */
export function repName(pg: Territories, key: string): string {
  const i = pg.repIndex.get(key);
  return i === undefined ? key : pg.view!.reps[i].name;
}

/** The territory's colour on the map and in the charts. */
export function repColor(pg: Territories, key: string): string {
  return territoryColor(pg.repIndex.get(key) ?? pg.view!.reps.length);
}

/** The account's territory in the alignment of `m`. */
export function territoryIn(pg: Territories, m: Mode, a: TerritoryAccount): string {
  if (m === 'proposed') return pg.proposedMap.get(a.id) ?? a.territory;
  if (m === 'edited') return pg.working.get(a.id) ?? a.territory;
  return a.territory;
}

/** How many accounts the edited alignment puts in another territory than their owner's. */
export function editedCount(pg: Territories): number {
  if (!pg.view) return 0;
  let n = 0;
  for (const a of pg.view.accounts) if ((pg.working.get(a.id) ?? a.territory) !== a.territory) n++;
  return n;
}

/** The figures of the alignment of `m` (null while a proposal or what-if is not there). */
export function metricsOf(pg: Territories, m: Mode): AlignmentMetrics | null {
  if (!pg.view) return null;
  if (m === 'proposed') return pg.proposal?.metrics ?? null;
  if (m === 'edited') return pg.comparison?.after ?? null;
  return pg.view.metrics;
}

/** A swatch in the territory's colour and the rep's name. */
export function repChip(pg: Territories, key: string, ...more: Child[]): HTMLElement {
  return h('span', { class: 'tr-rep' }, h('span', { class: 'swatch', style: `background:${repColor(pg, key)}` }), repName(pg, key), ...more);
}
