// 销售预测 (#/forecast?scope=org&horizon=6): the forecast sheet of one scope — the fan
// chart of history and forecast with intervals, every source side by side with its track
// record, the suggested combination, the committed figures, the accuracy league, and the
// forms to commit a figure, enter one's own forecast and keep the engine's forecast.
// Figures come from GET /forecast/sheet; kept and committed figures are /forecasts records.
import { api, type ForecastScope, type ForecastSheet, type Me, type SheetForecast, type TrackRecord } from '../api';
import { mountChart, type ChartHandle } from '../charts';
import { card, empty, errorBox, fieldProblemText, isScopeNotFound, loading, notFoundState, pageHeader } from '../components/ui';
import { h, mount, type Child } from '../dom';
import { fanOption, leagueOption, FAN_COLORS } from '../forecast-charts';
import { money, moneyCompact, month, number, percent } from '../format';
import { t, tDyn, type MessageKey } from '../i18n';
import { replaceQuery, type RouteContext } from '../router';
import { currentUser } from '../session';
import { methodTabs } from './forecast-methods/page';
import { ScopePicker } from '../components/scope-picker';

const HORIZONS = [3, 6, 12, 24];
const DEFAULT_HORIZON = 6;
/** The engine methods the sheet shows side by side, and that can be kept. */
export const ENGINE_METHODS = ['auto', 'ets', 'arima', 'theta', 'snaive'];

type Num = number | null | undefined;
const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);

/** A forecast row as the page shows it. `kept` marks a kept copy of a source the engine also shows live. */
export interface Row {
  index: number;
  f: SheetForecast;
  label: string;
  kept: boolean;
  record: TrackRecord | undefined;
}

export function engineLabel(method: string): string {
  return tDyn('fc.engine', method);
}

/** "engine:auto" → "Automatic (best fit)"; "composite:王芳" → "Sales-force composite · 王芳". */
export function sourceLabel(source: string): string {
  const at = source.indexOf(':');
  const kind = at < 0 ? source : source.slice(0, at);
  const who = at < 0 ? '' : source.slice(at + 1);
  if (kind === 'engine') return engineLabel(who);
  const method = tDyn('fc.method', kind);
  if (!who) return method;
  return t('fc.source.person', { method, person: who === 'organisation' ? t('fc.source.org') : who });
}

/** The rows of the sheet, the live engine first; a second row with the same source is a kept copy. */
export function rowsOf(sheet: ForecastSheet): Row[] {
  const seen = new Set<string>();
  const records = new Map(sheet.league.map((r) => [r.source, r]));
  return sheet.forecasts.map((f, index) => {
    const kept = seen.has(f.source);
    seen.add(f.source);
    const base = sourceLabel(f.source);
    return { index, f, kept, label: kept ? t('fc.source.kept', { label: base }) : base, record: records.get(f.source) };
  });
}

function signedPercent(biasPercent: Num): string {
  if (!fin(biasPercent)) return '—';
  const p = percent(biasPercent / 100);
  return biasPercent > 0 ? `+${p}` : p;
}

function whole(v: Num): string {
  return number(v, 0);
}

function sum(values: Num[]): number | null {
  const vs = values.filter(fin);
  return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** How many decimals the currency has (2 for CNY, 0 for JPY). */
function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The figure's own method: executives (and admins) give executive opinion; everyone else a composite entry. */
export function ownMethod(me: Me): 'executive' | 'composite' {
  return me.role === 'executive' || me.role === 'admin' ? 'executive' : 'composite';
}

function fieldLabel(field: string): string {
  const known: Record<string, MessageKey> = {
    amount: 'fc.form.amount',
    note: 'fc.form.note',
    period: 'fc.form.month',
    method: 'fc.keep.method',
    horizon: 'fc.horizon',
    scope: 'fc.scope',
    owner_id: 'field.owner',
    scope_user_id: 'fc.scope',
    currency: 'field.currency',
  };
  return known[field] ? t(known[field]) : field;
}

/** The problem's detail, with the member it names. */
export function problemText(err: unknown): string {
  return fieldProblemText(err, fieldLabel);
}

function kpi(testid: string, label: string, raw: Num, shown: string, full: string, detail: Child, tone = ''): HTMLElement {
  return h(
    'div',
    { class: `kpi ${tone}`, 'data-testid': testid, 'data-value': fin(raw) ? String(raw) : '', title: full },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, shown),
    h('div', { class: 'kpi-detail' }, detail),
  );
}

interface Flash {
  form: 'commit' | 'own' | 'keep';
  text: string;
}

export function forecastPage(el: HTMLElement, ctx: RouteContext): () => void {
  const me = currentUser();
  const q = new URLSearchParams(ctx.query);
  const askedHorizon = Number(q.get('horizon'));
  let horizon = Number.isInteger(askedHorizon) && askedHorizon >= 1 && askedHorizon <= 24 ? askedHorizon : DEFAULT_HORIZON;
  let scopeKey = q.get('scope') ?? '';
  let scopes: ForecastScope[] = [];
  let sheet: ForecastSheet | null = null;
  let fanIndex: number | null = null; // which forecast's fan is drawn
  let commitMonth = '';
  let ownMonth = '';
  let keepMethod = 'auto';
  let flash: Flash | null = null;
  let controller: AbortController | null = null;
  let charts: ChartHandle[] = [];
  let fanChart: ChartHandle | null = null;

  const picker = new ScopePicker({
    testid: 'fc-scope',
    label: t('fc.scope'),
    onChange: (key) => {
      scopeKey = key;
      fanIndex = null;
      saveQuery();
      void loadSheet();
    },
  });
  const horizonGroup = h('div', { class: 'segmented', role: 'group', 'aria-label': t('fc.horizon') });
  const content = h('div', { class: 'dashboard-body forecast-body' });
  const root = h(
    'div',
    { class: 'page forecast', 'data-testid': 'forecast', 'data-state': 'loading' },
    pageHeader(
      t('fc.title'),
      t('fc.subtitle'),
      h('label', { class: 'inline-field' }, h('span', null, t('fc.scope')), picker.select),
      h('div', { class: 'inline-field' }, h('span', null, t('fc.horizon')), horizonGroup),
    ),
    methodTabs('sheet'),
    content,
  );
  mount(el, root);
  mount(content, loading());

  function saveQuery(): void {
    const next = new URLSearchParams(ctx.query);
    next.set('scope', scopeKey);
    next.set('horizon', String(horizon));
    replaceQuery(next);
  }

  function renderHorizon(): void {
    mount(
      horizonGroup,
      HORIZONS.map((n) =>
        h(
          'button',
          {
            type: 'button',
            class: n === horizon ? 'active' : '',
            'aria-pressed': n === horizon ? 'true' : 'false',
            'data-testid': `fc-horizon-${n}`,
            onclick: () => {
              if (n === horizon) return;
              horizon = n;
              saveQuery();
              renderHorizon();
              void loadSheet();
            },
          },
          t('fc.months', { n }),
        ),
      ),
    );
  }

  function disposeCharts(): void {
    charts.forEach((c) => c.dispose());
    charts = [];
    fanChart?.dispose();
    fanChart = null;
  }

  // ---------- the sheet ----------

  function notFound(): HTMLElement {
    const first = scopes[0];
    return notFoundState('forecast-not-found', t('fc.notFound.title'), t('fc.notFound.text'), first ? { href: `#/forecast?scope=${encodeURIComponent(first.key)}&horizon=${horizon}`, label: t('fc.notFound.back', { name: first.level === 'org' ? t('fc.level.org') : first.name }) } : null);
  }

  function tiles(s: ForecastSheet, rows: Row[]): HTMLElement {
    const c = s.currency;
    const last12 = sum(s.history.slice(-12));
    const prior12 = s.history.length >= 24 ? sum(s.history.slice(-24, -12)) : null;
    const growth = fin(last12) && fin(prior12) && prior12 > 0 ? last12 / prior12 - 1 : null;
    const suggested = sum(s.suggested);
    // The same months a year earlier, when the history reaches back that far.
    const yearAgo = s.months.map((m) => {
      const y = Number(m.slice(0, 4)) - 1;
      const i = s.history_months.indexOf(`${y}${m.slice(4)}`);
      return i >= 0 ? s.history[i] : null;
    });
    const yearAgoSum = yearAgo.every(fin) ? sum(yearAgo) : null;
    const vsYear = fin(suggested) && fin(yearAgoSum) && yearAgoSum > 0 ? suggested / yearAgoSum - 1 : null;
    const committedCount = s.committed.filter((x) => x !== null).length;
    const committedSum = sum(s.committed.map((x) => x?.amount));
    const best = s.league.find((r) => fin(r.mase));
    const bestRow = best ? rows.find((r) => r.f.source === best.source) : undefined;
    const growthText = (g: number | null, key: MessageKey) => (g === null ? t('fc.kpi.noCompare') : t(key, { change: signedPercent(g * 100) }));
    return h(
      'div',
      { class: 'kpis' },
      kpi('fc-kpi-last12', t('fc.kpi.last12'), last12, moneyCompact(last12, c), money(last12, c), growthText(growth, 'fc.kpi.vsPrior')),
      kpi('fc-kpi-suggested', t('fc.kpi.suggested', { n: s.months.length }), suggested, moneyCompact(suggested, c), money(suggested, c), growthText(vsYear, 'fc.kpi.vsYearAgo')),
      kpi(
        'fc-kpi-committed',
        t('fc.kpi.committed'),
        committedSum,
        committedCount ? moneyCompact(committedSum, c) : '—',
        money(committedSum, c),
        t('fc.kpi.committedDetail', { count: committedCount, total: s.months.length }),
        committedCount === s.months.length && committedCount > 0 ? 'kpi-good' : committedCount === 0 ? 'kpi-warn' : '',
      ),
      kpi(
        'fc-kpi-best',
        t('fc.kpi.best'),
        best?.mase,
        best ? (bestRow?.label ?? sourceLabel(best.source)) : '—',
        best ? sourceLabel(best.source) : t('fc.kpi.noRecord'),
        best ? t('fc.kpi.bestDetail', { mase: number(best.mase, 2), n: best.n }) : t('fc.kpi.noRecord'),
        best ? 'kpi-text' : '',
      ),
    );
  }

  function fanInput(s: ForecastSheet, rows: Row[]) {
    const row = fanIndex === null ? undefined : rows[fanIndex];
    return {
      currency: s.currency,
      historyMonths: s.history_months,
      history: s.history,
      months: s.months,
      fan: row ? { label: row.label, mean: row.f.mean, lo80: row.f.lo80, hi80: row.f.hi80, lo95: row.f.lo95, hi95: row.f.hi95 } : null,
      suggested: s.suggested,
      committed: s.committed.map((x) => x?.amount ?? null),
    };
  }

  function trackText(r: TrackRecord | undefined): Child {
    if (!r) return h('span', { class: 'muted', title: t('fc.track.none') }, '—');
    return h(
      'span',
      { class: 'track', title: t('fc.track.title', { n: r.n, mase: number(r.mase, 2), bias: signedPercent(r.bias_percent) }) },
      h('b', null, `MASE ${number(r.mase, 2)}`),
      h('span', { class: fin(r.bias_percent) ? (r.bias_percent > 0 ? 'bias-over' : 'bias-under') : '' }, t('fc.track.bias', { bias: signedPercent(r.bias_percent) })),
      h('span', { class: 'muted' }, t('fc.track.n', { n: r.n })),
    );
  }

  function weightsText(s: ForecastSheet): HTMLElement {
    const weighted = s.league.some((r) => r.n >= 3 && fin(r.mase) && r.mase > 0);
    // A source the engine shows live and also has kept rows for is listed once per row: add them up.
    const bySource = new Map<string, number>();
    for (const w of s.suggested_weights) bySource.set(w.source, (bySource.get(w.source) ?? 0) + w.weight);
    const weights = [...bySource].sort((a, b) => b[1] - a[1]);
    return h(
      'div',
      { class: 'weights', 'data-testid': 'fc-weights' },
      h('p', { class: 'hint' }, weighted ? t('fc.suggested.weighted') : t('fc.suggested.unweighted')),
      weights.length
        ? h(
            'div',
            { class: 'chips' },
            weights.map(([source, weight]) => h('span', { class: 'chip', 'data-source': source }, `${sourceLabel(source)} ${percent(weight, 0)}`)),
          )
        : null,
    );
  }

  function sideBySide(s: ForecastSheet, rows: Row[], onPick: (i: number) => void): HTMLElement {
    if (!rows.length && !s.history.length) return empty(t('fc.noHistory'));
    const monthCells = (values: Num[], detail?: (k: number) => string) =>
      s.months.map((_, k) =>
        h('td', { class: 'num', 'data-value': fin(values[k]) ? String(values[k]) : '', title: detail ? detail(k) : fin(values[k]) ? money(values[k], s.currency) : null }, whole(values[k])),
      );
    const range = (f: SheetForecast, k: number) => {
      const parts = [money(f.mean[k], s.currency)];
      if (fin(f.lo80[k]) && fin(f.hi80[k])) parts.push(`${t('fc.chart.band80')}: ${money(f.lo80[k], s.currency)} – ${money(f.hi80[k], s.currency)}`);
      if (fin(f.lo95[k]) && fin(f.hi95[k])) parts.push(`${t('fc.chart.band95')}: ${money(f.lo95[k], s.currency)} – ${money(f.hi95[k], s.currency)}`);
      return parts.join('\n');
    };
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table table-compact fc-table', 'data-testid': 'fc-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, t('fc.table.source')),
            h('th', null, t('fc.table.track')),
            s.months.map((m) => h('th', { class: 'num', 'data-month': m }, month(m))),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((r) =>
            h(
              'tr',
              {
                class: `clickable fc-row ${r.index === fanIndex ? 'selected' : ''}`,
                'data-testid': 'fc-row',
                'data-source': r.f.source,
                'data-kept': r.kept ? 'true' : 'false',
                'data-index': r.index,
                title: t('fc.table.pick'),
                onclick: () => onPick(r.index),
              },
              h(
                'td',
                { class: 'fc-source' },
                h('div', { class: 'fc-source-name' }, h('span', { class: 'swatch', style: r.index === fanIndex ? `background:${FAN_COLORS.forecast}` : '' }), r.label),
                h('div', { class: 'fc-model muted', title: [r.f.model, r.f.note].filter(Boolean).join('\n') }, r.f.model || tDyn('fc.method', r.f.method)),
              ),
              h('td', { class: 'fc-track' }, trackText(r.record)),
              monthCells(r.f.mean, (k) => range(r.f, k)),
            ),
          ),
          h(
            'tr',
            { class: 'fc-suggested', 'data-testid': 'fc-suggested' },
            h('td', { class: 'fc-source' }, h('div', { class: 'fc-source-name' }, h('span', { class: 'swatch', style: `background:${FAN_COLORS.suggested}` }), t('fc.table.suggested'))),
            h('td', { class: 'fc-track muted' }, t('fc.table.suggestedHow')),
            monthCells(s.suggested),
          ),
          h(
            'tr',
            { class: 'fc-committed', 'data-testid': 'fc-committed' },
            h('td', { class: 'fc-source' }, h('div', { class: 'fc-source-name' }, h('span', { class: 'swatch', style: `background:${FAN_COLORS.committed}` }), t('fc.table.committed'))),
            h('td', { class: 'fc-track muted' }, t('fc.table.committedHow')),
            s.months.map((m, k) => {
              const c = s.committed[k];
              return h(
                'td',
                { class: 'num', 'data-month': m, 'data-value': c ? String(c.amount) : '', title: c ? [money(c.amount, s.currency), c.note].filter(Boolean).join('\n') : null },
                c ? [h('b', null, whole(c.amount)), c.note ? h('div', { class: 'fc-note', 'data-testid': 'fc-committed-note' }, c.note) : null] : h('span', { class: 'muted' }, '—'),
              );
            }),
          ),
        ),
      ),
    );
  }

  function league(s: ForecastSheet, rows: Row[]): { body: HTMLElement; chart: HTMLElement | null } {
    if (!s.league.length) return { body: empty(t('fc.league.empty')), chart: null };
    const label = (source: string) => rows.find((r) => r.f.source === source)?.label ?? sourceLabel(source);
    const chart = h('div', { class: 'chart', style: `height:${Math.max(140, 50 + s.league.length * 30)}px`, 'data-testid': 'chart-league' });
    const body = h(
      'div',
      null,
      chart,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-compact', 'data-testid': 'fc-league-table' },
          h(
            'thead',
            null,
            h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, t('fc.table.source')), h('th', { class: 'num' }, t('fc.league.mase')), h('th', { class: 'num' }, t('fc.league.bias')), h('th', { class: 'num' }, t('fc.league.n')), h('th', { class: 'num' }, t('fc.league.mae'))),
          ),
          h(
            'tbody',
            null,
            s.league.map((r, i) =>
              h(
                'tr',
                { 'data-source': r.source },
                h('td', { class: 'num muted' }, String(i + 1)),
                h('td', null, label(r.source)),
                h('td', { class: 'num', 'data-value': fin(r.mase) ? String(r.mase) : '' }, h('b', null, number(r.mase, 2))),
                h('td', { class: `num ${fin(r.bias_percent) ? (r.bias_percent > 0 ? 'bias-over' : 'bias-under') : ''}` }, signedPercent(r.bias_percent)),
                h('td', { class: 'num' }, number(r.n, 0)),
                h('td', { class: 'num', title: money(r.mae, s.currency) }, moneyCompact(r.mae, s.currency)),
              ),
            ),
          ),
        ),
      ),
      h('p', { class: 'hint fc-league-hint' }, t('fc.league.hint')),
    );
    return { body, chart };
  }

  // ---------- forms ----------

  function status(form: Flash['form']): HTMLElement {
    const el = h('div', { class: 'form-status', 'data-testid': `fc-${form}-status`, role: 'status', 'aria-live': 'polite' });
    if (flash?.form === form) {
      el.classList.add('ok');
      el.textContent = flash.text;
    }
    return el;
  }

  function showError(el: HTMLElement, text: string): void {
    el.className = 'form-error';
    el.setAttribute('role', 'alert');
    el.textContent = text;
  }

  function monthSelect(testid: string, value: string, onchange: (m: string) => void): HTMLSelectElement {
    const s = sheet!;
    const sel = h(
      'select',
      { class: 'input', 'data-testid': testid, onchange: () => onchange(sel.value) },
      s.months.map((m) => h('option', { value: m }, month(m))),
    );
    sel.value = value;
    return sel;
  }

  /** Reads and checks the amount; null (and an error shown) when it is not a figure. */
  function readAmount(input: HTMLInputElement, statusEl: HTMLElement, currency: string): number | null {
    const raw = input.value.trim().replace(/[,\s，]/g, '');
    const n = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(n) || n < 0) {
      showError(statusEl, t('fc.form.fieldError', { field: t('fc.form.amount'), detail: t('fc.form.badAmount') }));
      input.focus();
      return null;
    }
    return Number(n.toFixed(currencyDigits(currency)));
  }

  async function saveFigure(method: string, period: string, amount: number, note: string, model?: string): Promise<void> {
    const s = sheet!;
    const body: Record<string, unknown> = { period, method, amount, currency: s.currency, made_on: todayIso() };
    // Executives and admins reach the whole organisation: name them as the owner, or the figure would have none.
    if (me && (me.role === 'admin' || me.role === 'executive')) body.owner_id = me.id;
    if (s.scope.user_id !== null && s.scope.user_id !== undefined) body.scope_user_id = s.scope.user_id;
    if (model) body.model = model;
    if (note) body.note = note;
    await api.create('forecasts', body);
  }

  function commitForm(s: ForecastSheet): HTMLElement {
    if (!commitMonth || !s.months.includes(commitMonth)) commitMonth = s.months[0] ?? '';
    const k = () => s.months.indexOf(commitMonth);
    const suggestedFor = () => s.suggested[k()];
    const prefill = () => (fin(suggestedFor()) ? String(Math.round(suggestedFor() as number)) : '');
    let edited = false;
    const amount = h('input', { class: 'input', type: 'text', inputmode: 'decimal', 'data-testid': 'fc-commit-amount', value: prefill(), oninput: () => (edited = true) });
    const note = h('input', { class: 'input', type: 'text', maxlength: 2000, 'data-testid': 'fc-commit-note', placeholder: t('fc.form.notePlaceholder') });
    const hint = h('p', { class: 'hint', 'data-testid': 'fc-commit-hint' });
    const statusEl = status('commit');
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fc-commit-submit' }, t('fc.commit.submit'));
    const renderHint = () => {
      const c = s.committed[k()];
      hint.textContent = [
        t('fc.commit.suggestedHint', { amount: money(suggestedFor(), s.currency) }),
        c ? t('fc.commit.currentHint', { amount: money(c.amount, s.currency) }) : t('fc.commit.noneHint'),
      ].join(' · ');
    };
    renderHint();
    const sel = monthSelect('fc-commit-month', commitMonth, (m) => {
      commitMonth = m;
      if (!edited) amount.value = prefill();
      renderHint();
    });
    const form = h(
      'form',
      {
        class: 'fc-form',
        'data-testid': 'fc-commit-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const value = readAmount(amount, statusEl, s.currency);
          if (value === null) return;
          submit.disabled = true;
          statusEl.className = 'form-status';
          statusEl.textContent = t('fc.form.saving');
          saveFigure('committed', commitMonth, value, note.value.trim())
            .then(() => {
              flash = { form: 'commit', text: t('fc.commit.done', { amount: money(value, s.currency), month: month(commitMonth) }) };
              return loadSheet();
            })
            .catch((err) => {
              submit.disabled = false;
              showError(statusEl, problemText(err));
            });
        },
      },
      h('div', { class: 'form-grid' }, h('label', { class: 'form-row' }, h('span', null, t('fc.form.month')), sel), h('label', { class: 'form-row' }, h('span', null, t('fc.form.amountIn', { currency: s.currency })), amount)),
      hint,
      h('label', { class: 'form-row' }, h('span', null, t('fc.form.note')), note),
      h('div', { class: 'form-actions' }, submit),
      statusEl,
    );
    return form;
  }

  function ownForm(s: ForecastSheet): HTMLElement {
    if (!ownMonth || !s.months.includes(ownMonth)) ownMonth = s.months[0] ?? '';
    const method = me ? ownMethod(me) : 'composite';
    const amount = h('input', { class: 'input', type: 'text', inputmode: 'decimal', 'data-testid': 'fc-own-amount' });
    const note = h('input', { class: 'input', type: 'text', maxlength: 2000, 'data-testid': 'fc-own-note', placeholder: t('fc.own.notePlaceholder') });
    const statusEl = status('own');
    const submit = h('button', { class: 'btn btn-secondary', type: 'submit', 'data-testid': 'fc-own-submit' }, t('fc.own.submit'));
    const placeholder = () => {
      const v = s.suggested[s.months.indexOf(ownMonth)];
      amount.placeholder = fin(v) ? t('fc.own.placeholder', { amount: whole(v) }) : '';
    };
    placeholder();
    const sel = monthSelect('fc-own-month', ownMonth, (m) => {
      ownMonth = m;
      placeholder();
    });
    return h(
      'form',
      {
        class: 'fc-form',
        'data-testid': 'fc-own-form',
        'data-method': method,
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const value = readAmount(amount, statusEl, s.currency);
          if (value === null) return;
          submit.disabled = true;
          statusEl.className = 'form-status';
          statusEl.textContent = t('fc.form.saving');
          saveFigure(method, ownMonth, value, note.value.trim())
            .then(() => {
              flash = { form: 'own', text: t('fc.own.done', { amount: money(value, s.currency), month: month(ownMonth) }) };
              return loadSheet();
            })
            .catch((err) => {
              submit.disabled = false;
              showError(statusEl, problemText(err));
            });
        },
      },
      h('p', { class: 'hint' }, t(method === 'executive' ? 'fc.own.hintExecutive' : 'fc.own.hintComposite')),
      h('div', { class: 'form-grid' }, h('label', { class: 'form-row' }, h('span', null, t('fc.form.month')), sel), h('label', { class: 'form-row' }, h('span', null, t('fc.form.amountIn', { currency: s.currency })), amount)),
      h('label', { class: 'form-row' }, h('span', null, t('fc.form.note')), note),
      h('div', { class: 'form-actions' }, submit),
      statusEl,
    );
  }

  function keepForm(s: ForecastSheet): HTMLElement {
    const statusEl = status('keep');
    const submit = h('button', { class: 'btn btn-secondary', type: 'submit', 'data-testid': 'fc-keep-submit', disabled: !s.history.length }, t('fc.keep.submit'));
    const sel = h(
      'select',
      { class: 'input', 'data-testid': 'fc-keep-method', onchange: () => (keepMethod = sel.value) },
      ENGINE_METHODS.map((m) => h('option', { value: m }, engineLabel(m))),
    );
    sel.value = keepMethod;
    return h(
      'form',
      {
        class: 'fc-form',
        'data-testid': 'fc-keep-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          submit.disabled = true;
          statusEl.className = 'form-status';
          statusEl.textContent = t('fc.form.saving');
          const method = sel.value;
          api
            .keepForecast(s.scope.key, method, s.months.length)
            .then((r) => {
              flash = { form: 'keep', text: t('fc.keep.done', { count: r.kept, method: engineLabel(method) }) };
              return loadSheet();
            })
            .catch((err) => {
              submit.disabled = false;
              showError(statusEl, problemText(err));
            });
        },
      },
      h('p', { class: 'hint' }, t('fc.keep.hint', { n: s.months.length })),
      h('div', { class: 'form-inline' }, h('label', { class: 'form-row' }, h('span', null, t('fc.keep.method')), sel), submit),
      statusEl,
    );
  }

  // ---------- render ----------

  function render(s: ForecastSheet): void {
    disposeCharts();
    const rows = rowsOf(s);
    if (fanIndex === null || !rows[fanIndex]) {
      const auto = rows.find((r) => r.f.source === 'engine:auto' && r.f.mean.some(fin)) ?? rows.find((r) => r.f.mean.some(fin));
      fanIndex = auto ? auto.index : null;
    }
    root.dataset.state = 'ready';
    root.dataset.scope = s.scope.key;
    root.dataset.horizon = String(s.months.length);
    root.dataset.historyLength = String(s.history.length);

    const fanBox = h('div', { class: 'chart', style: 'height:360px', 'data-testid': 'chart-fan' });
    const fanPicker = h(
      'select',
      {
        class: 'input input-sm',
        'data-testid': 'fc-fan-source',
        'aria-label': t('fc.fan.pick'),
        onchange: () => pick(Number(fanPicker.value)),
      },
      rows.filter((r) => r.f.mean.some(fin)).map((r) => h('option', { value: r.index }, r.label)),
    );
    if (fanIndex !== null) fanPicker.value = String(fanIndex);
    const table = h('div', null);
    const drawTable = () => mount(table, sideBySide(s, rows, pick), weightsText(s));
    function pick(i: number): void {
      fanIndex = i;
      fanPicker.value = String(i);
      fanChart?.dispose();
      fanChart = mountChart(fanBox, fanOption(fanInput(s, rows)));
      drawTable();
    }
    drawTable();
    const lg = league(s, rows);
    const scopeName = s.scope.level === 'org' ? t('fc.level.org') : s.scope.name;
    mount(
      content,
      tiles(s, rows),
      card(
        t('fc.fan.title', { scope: scopeName }),
        s.history.length ? [fanBox, h('p', { class: 'hint' }, t('fc.fan.hint'))] : empty(t('fc.noHistory')),
        { testid: 'card-fan', extra: s.history.length ? h('label', { class: 'inline-field' }, h('span', null, t('fc.fan.pick')), fanPicker) : null },
      ),
      card(t('fc.table.title'), table, { testid: 'card-side-by-side', extra: h('span', { class: 'muted card-extra' }, t('fc.table.currency', { currency: s.currency })) }),
      h(
        'div',
        { class: 'grid grid-1-1' },
        h(
          'div',
          { class: 'stack' },
          card(t('fc.commit.title'), s.months.length ? commitForm(s) : empty(), { testid: 'card-commit' }),
          card(t('fc.own.title', { method: tDyn('fc.method', me ? ownMethod(me) : 'composite') }), s.months.length ? ownForm(s) : empty(), { testid: 'card-own' }),
        ),
        h(
          'div',
          { class: 'stack' },
          card(t('fc.league.title'), lg.body, { testid: 'card-league' }),
          card(t('fc.keep.title'), keepForm(s), { testid: 'card-keep' }),
        ),
      ),
    );
    flash = null;
    if (s.history.length) fanChart = mountChart(fanBox, fanOption(fanInput(s, rows)));
    if (lg.chart) {
      charts.push(
        mountChart(
          lg.chart,
          leagueOption(s.league.map((r) => ({ label: rows.find((x) => x.f.source === r.source)?.label ?? sourceLabel(r.source), mase: fin(r.mase) ? r.mase : null, bias: fin(r.bias_percent) ? r.bias_percent : null, n: r.n }))),
        ),
      );
    }
  }

  async function loadSheet(): Promise<void> {
    controller?.abort();
    const mine = (controller = new AbortController());
    root.dataset.state = 'loading';
    if (!sheet || content.querySelector('.state-error, .not-found')) {
      disposeCharts();
      mount(content, loading());
    } else {
      content.classList.add('is-loading');
    }
    try {
      const s = await api.forecastSheet(scopeKey, horizon, mine.signal);
      if (mine.signal.aborted) return;
      sheet = s;
      render(s);
    } catch (err) {
      if (mine.signal.aborted || (err as Error).name === 'AbortError') return;
      disposeCharts();
      sheet = null;
      if (isScopeNotFound(err)) {
        root.dataset.state = 'not-found';
        mount(content, notFound());
      } else {
        root.dataset.state = 'error';
        mount(content, errorBox(err, () => void loadSheet()));
      }
    } finally {
      if (controller === mine) content.classList.remove('is-loading');
    }
  }

  /** Start-up: the horizon buttons, the user's scopes in the picker, then the sheet of the asked (or first) scope. */
  async function start(): Promise<void> {
    renderHorizon();
    const mine = (controller = new AbortController());
    if (!(await picker.start({ root, content, signal: mine.signal, emptyText: t('fc.noScopes'), retry: () => void start() }))) return;
    scopes = picker.scopes;
    if (!scopeKey) scopeKey = scopes[0].key;
    picker.show(scopeKey);
    saveQuery();
    await loadSheet();
  }

  void start();
  return () => {
    controller?.abort();
    disposeCharts();
  };
}
