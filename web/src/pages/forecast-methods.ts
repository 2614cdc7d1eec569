// 其他预测方法 (#/forecast/methods/<name>): the guide's other forecasting methods beside
// the forecast sheet — executive opinion, sales-force composite, test market, buyer-
// intention survey, Delphi, market factor (and buying power) and the econometric model.
// Each screen calls its /forecast/* endpoint and can keep its figure as a /forecasts record.
import { api, request, type ForecastScope, type Id, type Me } from '../api';
import { mountChart, type ChartHandle } from '../charts';
import { card, empty, errorBox, loading, pageHeader } from '../components/ui';
import { h, mount, type Child } from '../dom';
import { countsOption, delphiOption, econFanOption, opinionOption, scatterOption } from '../method-charts';
import { money, moneyCompact, month, number, percent } from '../format';
import { t, tDyn, type MessageKey } from '../i18n';
import { replaceQuery, type RouteContext } from '../router';
import { currentUser } from '../session';
import { problemText } from './forecast';
import { scopeOptions } from '../components/scope-picker';

export const METHODS = ['opinion', 'composite', 'test-market', 'survey', 'delphi', 'market-factor', 'econometric'] as const;
type Method = (typeof METHODS)[number];

type Num = number | null | undefined;
const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);
const isManager = (me: Me | null) => !!me && me.role !== 'rep';

/** The tab bar under the forecast page's header: the sheet first, then every method. */
export function methodTabs(active: string): HTMLElement {
  const items: [string, string, MessageKey][] = [
    ['sheet', '#/forecast', 'fm.tab.sheet'],
    ...METHODS.map((m) => [m, `#/forecast/methods/${m}`, `fm.tab.${m}` as MessageKey] as [string, string, MessageKey]),
  ];
  return h(
    'nav',
    { class: 'tabs fm-tabs', role: 'tablist', 'data-testid': 'fm-tabs' },
    items.map(([id, href, label]) =>
      h('a', { class: `tab ${id === active ? 'active' : ''}`, role: 'tab', 'aria-selected': id === active ? 'true' : 'false', href, 'data-testid': `fm-tab-${id}` }, t(label)),
    ),
  );
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
const thisMonth = () => todayIso().slice(0, 7);

let currencyCache: string | null = null;
/** The organisation's currency (the dashboard's). */
async function orgCurrency(): Promise<string> {
  if (currencyCache) return currencyCache;
  const d = await api.dashboard(todayIso(), todayIso());
  currencyCache = d.currency || 'CNY';
  return currencyCache;
}

function setStatus(el: HTMLElement, kind: 'ok' | 'error' | 'busy' | '', text: string): void {
  el.className = kind === 'error' ? 'form-error' : `form-status ${kind === 'ok' ? 'ok' : ''}`;
  if (kind === 'error') el.setAttribute('role', 'alert');
  else el.setAttribute('role', 'status');
  el.textContent = text;
  el.hidden = !text;
}
function statusEl(testid: string): HTMLElement {
  const el = h('div', { class: 'form-status', 'data-testid': testid, role: 'status', 'aria-live': 'polite' });
  el.hidden = true;
  return el;
}

/** A number from a text field ("1,234.5" or "1 234,5" with a comma is not accepted: only , as thousands). */
function parseNumber(raw: string): number {
  const s = raw.trim().replace(/[,\s，]/g, '');
  return s === '' ? NaN : Number(s);
}

class InputError extends Error {}
function need(cond: boolean, field: string, detail: string): void {
  if (!cond) throw new InputError(t('fc.form.fieldError', { field, detail }));
}
function errText(err: unknown): string {
  return err instanceof InputError ? err.message : problemText(err);
}

function kpi(testid: string, label: string, raw: Num, shown: string, detail: Child = null): HTMLElement {
  return h(
    'div',
    { class: 'kpi', 'data-testid': testid, 'data-value': fin(raw) ? String(raw) : '' },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, shown),
    detail ? h('div', { class: 'kpi-detail' }, detail) : null,
  );
}
const numCell = (v: Num, text?: string, extra: Record<string, string> = {}) =>
  h('td', { class: 'num', 'data-value': fin(v) ? String(v) : '', ...extra }, text ?? number(v, 0));
const table = (testid: string, head: Child[], rows: Child[]) =>
  h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact', 'data-testid': testid }, h('thead', null, h('tr', null, head)), h('tbody', null, rows)));
const th = (text: string, num = false) => h('th', { class: num ? 'num' : '' }, text);
const field = (label: string, control: Child, hint?: string) => h('label', { class: 'form-row' }, h('span', null, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
const input = (testid: string, attrs: Record<string, string | number | boolean> = {}) => h('input', { class: 'input', type: 'text', 'data-testid': testid, ...attrs });

/** Reads a CSV file chosen in `file` into `target` (a textarea). */
function fileLoader(testid: string, target: HTMLTextAreaElement, status: HTMLElement): HTMLElement {
  const file = h('input', {
    type: 'file',
    accept: '.csv,text/csv,text/plain',
    class: 'input input-sm',
    'data-testid': testid,
    onchange: () => {
      const f = file.files?.[0];
      if (!f) return;
      f.text()
        .then((text) => {
          target.value = text.replace(/^\ufeff/, '');
          setStatus(status, 'ok', t('fm.file.loaded', { name: f.name }));
        })
        .catch((err) => setStatus(status, 'error', String(err)));
    },
  });
  return h('label', { class: 'form-row' }, h('span', null, t('fm.file.upload')), file);
}

/** Splits CSV text into rows of trimmed cells (no quoting beyond stripping "…"). */
function csvRows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
}

/** The data rows of pasted CSV: `csvRows` without a header (a first row whose second cell is not a number). */
function dataRows(text: string): string[][] {
  return csvRows(text).filter((r, i) => !(i === 0 && !fin(parseNumber(r[1] ?? ''))));
}

/**
 * The "paste CSV or upload a file" block of a screen: a textarea under `label` (with `hint`)
 * and a file chooser that loads a CSV into it, reporting in `status`. Returns the textarea
 * (read it on submit) and the elements to place in the form.
 */
function pasteCsv(opts: { testid: string; fileTestid: string; label: string; hint: string; rows: number; placeholder: string; status: HTMLElement }): { text: HTMLTextAreaElement; block: HTMLElement[] } {
  const text = h('textarea', { class: 'input', rows: opts.rows, 'data-testid': opts.testid, placeholder: opts.placeholder });
  return { text, block: [field(opts.label, text, opts.hint), fileLoader(opts.fileTestid, text, opts.status)] };
}

/**
 * Runs a call behind a button: the button is disabled and `status` says `busyText` while
 * `work` runs; then `status` shows the text `work` resolves to ("" hides it) or the problem
 * it rejected with. The button is enabled again either way.
 */
function runBusy(button: HTMLButtonElement, status: HTMLElement, busyText: string, work: () => Promise<string>): void {
  button.disabled = true;
  setStatus(status, 'busy', busyText);
  work()
    .then((done) => setStatus(status, done ? 'ok' : '', done))
    .catch((err) => setStatus(status, 'error', problemText(err)))
    .finally(() => (button.disabled = false));
}

interface Env {
  me: Me | null;
  scopes: ForecastScope[];
  query: URLSearchParams;
  save: (q: URLSearchParams) => void;
  charts: ChartHandle[];
}

function scopeSelect(env: Env, testid: string, value: string, onchange?: (v: string) => void): HTMLSelectElement {
  const sel = h(
    'select',
    { class: 'input', 'data-testid': testid, 'aria-label': t('fc.scope'), onchange: () => onchange?.(sel.value) },
    scopeOptions(env.scopes, '\u00a0\u00a0'),
  );
  sel.value = value || env.scopes[0]?.key || '';
  return sel;
}
const scopeName = (env: Env, key: string) => {
  const s = env.scopes.find((x) => x.key === key);
  return !s ? key : s.level === 'org' ? t('fc.level.org') : s.name;
};
const scopeUser = (env: Env, key: string): Id | null => {
  const s = env.scopes.find((x) => x.key === key);
  if (s) return s.user_id;
  const m = /^user:(\d+)$/.exec(key);
  return m ? m[1] : null;
};

interface Figure {
  amount: number;
  lo80?: number;
  hi80?: number;
  lo95?: number;
  hi95?: number;
  note?: string;
  model?: string;
}

/** Stores a figure as a kept forecast record of `scopeKey` for `period` (YYYY-MM). */
async function keepFigure(env: Env, method: string, scopeKey: string, period: string, f: Figure, extra: Record<string, unknown> = {}): Promise<void> {
  const currency = await orgCurrency();
  const clip = (v: number | undefined) => (v === undefined ? undefined : Math.max(0, Math.round(v * 100) / 100));
  const amount = Math.max(0, Math.round(f.amount * 100) / 100);
  const body: Record<string, unknown> = { period, method, amount, currency, made_on: todayIso() };
  if (fin(f.lo80) && fin(f.hi80)) Object.assign(body, { lo80: Math.min(clip(f.lo80)!, amount), hi80: Math.max(clip(f.hi80)!, amount) });
  if (fin(f.lo95) && fin(f.hi95)) Object.assign(body, { lo95: Math.min(clip(f.lo95)!, amount), hi95: Math.max(clip(f.hi95)!, amount) });
  if (env.me && (env.me.role === 'admin' || env.me.role === 'executive')) body.owner_id = env.me.id;
  const user = scopeUser(env, scopeKey);
  if (user !== null && user !== undefined) body.scope_user_id = user;
  if (f.note) body.note = f.note;
  if (f.model) body.model = f.model;
  await api.create('forecasts', { ...body, ...extra });
}

/** "Keep as forecast": scope, month and a button; `figure()` reads the figure (or throws). */
function keepBox(env: Env, method: string, figure: () => Figure, opts: { scope?: string; period?: string; fixed?: boolean; extra?: Child } = {}): HTMLElement {
  const scope = scopeSelect(env, `fm-keep-scope`, opts.scope ?? env.query.get('scope') ?? '');
  const period = h('input', { class: 'input', type: 'month', 'data-testid': 'fm-keep-month', value: opts.period ?? thisMonth() });
  if (opts.fixed) {
    scope.disabled = true;
    period.disabled = true;
  }
  const status = statusEl('fm-keep-status');
  const button = h('button', { class: 'btn btn-secondary', type: 'submit', 'data-testid': 'fm-keep-submit' }, t('fm.keep.submit'));
  return h(
    'form',
    {
      class: 'fc-form fm-keep',
      'data-testid': 'fm-keep-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let f: Figure;
        try {
          need(/^\d{4}-\d{2}$/.test(period.value), t('fc.form.month'), t('fm.err.month'));
          f = figure();
        } catch (err) {
          setStatus(status, 'error', errText(err));
          return;
        }
        runBusy(button, status, t('fc.form.saving'), async () => {
          await keepFigure(env, method, scope.value, period.value, f);
          return t('fm.keep.done', { method: tDyn('fc.method', method), month: month(period.value), scope: scopeName(env, scope.value) });
        });
      },
    },
    h('p', { class: 'hint' }, t('fm.keep.hint', { method: tDyn('fc.method', method) })),
    opts.extra ?? null,
    h('div', { class: 'form-grid' }, field(t('fc.scope'), scope), field(t('fc.form.month'), period)),
    h('div', { class: 'form-actions' }, button),
    status,
  );
}

// ---------------------------------------------------------------- executive opinion

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

function opinionScreen(el: HTMLElement, env: Env): void {
  let scope = env.query.get('scope') || env.scopes[0]?.key || 'org';
  let mon = env.query.get('month') || thisMonth();
  const out = h('div', { class: 'stack' });
  const sel = scopeSelect(env, 'fm-scope', scope, (v) => ((scope = v), load()));
  const monthIn = h('input', { class: 'input', type: 'month', value: mon, 'data-testid': 'fm-month', onchange: () => ((mon = monthIn.value), load()) });
  mount(
    el,
    card(t('fm.opinion.title'), [h('p', { class: 'hint' }, t('fm.opinion.hint')), h('div', { class: 'form-inline' }, field(t('fc.scope'), sel), field(t('fc.form.month'), monthIn))], { testid: 'fm-opinion-controls' }),
    out,
  );
  async function load(): Promise<void> {
    const q = new URLSearchParams({ scope, month: mon });
    env.save(q);
    mount(out, loading());
    out.dataset.state = 'loading';
    try {
      const d = await request<Opinion>('GET', '/forecast/opinion', { query: { scope, month: mon } });
      out.dataset.state = 'ready';
      const cur = await orgCurrency().catch(() => 'CNY');
      const chartBox = h('div', { class: 'chart', style: `height:${Math.max(180, 40 * d.people.length + 60)}px`, 'data-testid': 'fm-opinion-chart' });
      const ownLink = h('a', { class: 'btn btn-secondary', href: `#/forecast?scope=${encodeURIComponent(scope)}` }, t('fm.opinion.enter'));
      mount(
        out,
        h(
          'div',
          { class: 'kpis' },
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
    } catch (err) {
      out.dataset.state = 'error';
      mount(out, errorBox(err, () => void load()));
    }
  }
  void load();
}

// ---------------------------------------------------------------- sales-force composite

interface ScopeRef {
  key: string;
  name: string;
  level: string;
  user_id: Id | null;
}
interface CompositeRep {
  scope: ScopeRef;
  call: number | null;
  adjusted: number | null;
  adjusted_by: string;
  reason: string;
  pipeline: { closed: number; commit: number; best_case: number; weighted: number };
  bias_months: number;
  bias_percent: number | null;
  correction: number;
}
interface Composite {
  month: string;
  reps: CompositeRep[];
  lines: { scope: ScopeRef; submitted: number; adjusted: number; bias_corrected: number; reps: number; missing: number }[];
  note: string;
}

function compositeScreen(el: HTMLElement, env: Env): void {
  let scope = env.query.get('scope') || env.scopes[0]?.key || 'org';
  let mon = env.query.get('month') || thisMonth();
  const out = h('div', { class: 'stack' });
  const sel = scopeSelect(env, 'fm-scope', scope, (v) => ((scope = v), load()));
  const monthIn = h('input', { class: 'input', type: 'month', value: mon, 'data-testid': 'fm-month', onchange: () => ((mon = monthIn.value), load()) });
  mount(el, card(t('fm.composite.title'), [h('p', { class: 'hint' }, t('fm.composite.hint')), h('div', { class: 'form-inline' }, field(t('fc.scope'), sel), field(t('fc.form.month'), monthIn))]), out);
  const self = env.me ? `user:${env.me.id}` : '';

  function callForm(r: CompositeRep, cur: string): HTMLElement {
    const p = r.pipeline;
    const amount = input('fm-call-amount', { inputmode: 'decimal', value: fin(r.call) ? String(r.call) : '' });
    const status = statusEl('fm-call-status');
    const fill = (v: number) => () => (amount.value = String(Math.round(v)));
    const submit = h('button', { class: 'btn btn-primary btn-sm', type: 'submit', 'data-testid': 'fm-call-submit' }, t('fm.composite.submit'));
    return h(
      'form',
      {
        class: 'fm-inline-form',
        'data-testid': 'fm-call-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const v = parseNumber(amount.value);
          if (!fin(v) || v < 0) return setStatus(status, 'error', t('fc.form.fieldError', { field: t('fc.form.amount'), detail: t('fc.form.badAmount') }));
          submit.disabled = true;
          setStatus(status, 'busy', t('fc.form.saving'));
          api
            .create('forecasts', { scope_user_id: env.me!.id, period: mon, method: 'composite', amount: v, currency: cur, made_on: todayIso() })
            .then(() => load(t('fm.composite.saved', { amount: money(v, cur), month: month(mon) })))
            .catch((err) => {
              submit.disabled = false;
              setStatus(status, 'error', problemText(err));
            });
        },
      },
      h('div', { class: 'chips' },
        h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'fm-prefill-commit', onclick: fill(p.commit) }, t('fm.composite.useCommit', { amount: money(p.commit, cur) })),
        h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'fm-prefill-best', onclick: fill(p.best_case) }, t('fm.composite.useBest', { amount: money(p.best_case, cur) })),
      ),
      h('div', { class: 'form-inline' }, amount, submit),
      status,
    );
  }

  function adjustForm(r: CompositeRep, cur: string): HTMLElement {
    const amount = input('fm-adjust-amount', { inputmode: 'decimal', placeholder: t('fc.form.amount'), value: fin(r.adjusted) ? String(r.adjusted) : '' });
    const reason = input('fm-adjust-reason', { maxlength: 2000, placeholder: t('fm.composite.reason') });
    const status = statusEl('fm-adjust-status');
    const submit = h('button', { class: 'btn btn-secondary btn-sm', type: 'submit', 'data-testid': 'fm-adjust-submit' }, t('fm.composite.adjust'));
    return h(
      'form',
      {
        class: 'fm-inline-form',
        'data-testid': 'fm-adjust-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const v = parseNumber(amount.value);
          if (!fin(v) || v < 0) return setStatus(status, 'error', t('fc.form.fieldError', { field: t('fc.form.amount'), detail: t('fc.form.badAmount') }));
          if (!reason.value.trim()) {
            reason.focus();
            return setStatus(status, 'error', t('fm.composite.reasonNeeded'));
          }
          submit.disabled = true;
          setStatus(status, 'busy', t('fc.form.saving'));
          api
            .create('forecasts', { owner_id: env.me!.id, scope_user_id: r.scope.user_id ?? scopeUser(env, r.scope.key), period: mon, method: 'composite', amount: v, currency: cur, made_on: todayIso(), note: reason.value.trim() })
            .then(() => load(t('fm.composite.adjusted', { name: r.scope.name, amount: money(v, cur) })))
            .catch((err) => {
              submit.disabled = false;
              setStatus(status, 'error', problemText(err));
            });
        },
      },
      h('div', { class: 'form-inline' }, amount, reason, submit),
      status,
    );
  }

  async function load(flash?: string): Promise<void> {
    env.save(new URLSearchParams({ scope, month: mon }));
    mount(out, loading());
    out.dataset.state = 'loading';
    try {
      const [d, cur] = await Promise.all([request<Composite>('GET', '/forecast/composite', { query: { scope, month: mon } }), orgCurrency()]);
      out.dataset.state = 'ready';
      const canAdjust = isManager(env.me);
      const rows = d.reps.map((r) => {
        const p = r.pipeline;
        const mine = r.scope.key === self;
        return h(
          'tr',
          { 'data-testid': 'fm-rep-row', 'data-scope': r.scope.key },
          h('td', null, h('b', null, r.scope.name), mine ? h('span', { class: 'chip' }, t('fm.composite.you')) : null),
          numCell(r.call, fin(r.call) ? money(r.call, cur) : '—', { 'data-testid': 'fm-rep-call' }),
          numCell(p.closed, money(p.closed, cur)),
          numCell(p.commit, money(p.commit, cur)),
          numCell(p.best_case, money(p.best_case, cur)),
          numCell(p.weighted, money(p.weighted, cur)),
          h('td', { 'data-testid': 'fm-rep-adjusted', 'data-value': fin(r.adjusted) ? String(r.adjusted) : '' }, fin(r.adjusted) ? [h('b', null, money(r.adjusted, cur)), h('div', { class: 'muted', 'data-testid': 'fm-rep-reason' }, `${r.adjusted_by}: ${r.reason}`)] : '—'),
          numCell(r.bias_percent, fin(r.bias_percent) ? `${r.bias_percent > 0 ? '+' : ''}${number(r.bias_percent, 1)}%` : '—', { title: t('fm.composite.biasMonths', { n: r.bias_months }) }),
          numCell(r.correction, number(r.correction, 2)),
          h('td', null, mine ? callForm(r, cur) : canAdjust ? adjustForm(r, cur) : null),
        );
      });
      mount(
        out,
        flash ? h('div', { class: 'form-status ok', role: 'status', 'data-testid': 'fm-composite-flash' }, flash) : null,
        card(
          t('fm.composite.reps', { month: month(d.month) }),
          d.reps.length
            ? [
                table(
                  'fm-composite-table',
                  [th(t('fc.level.rep')), th(t('fm.composite.call'), true), th(t('fm.composite.closed'), true), th(t('fm.composite.commit'), true), th(t('fm.composite.best'), true), th(t('fm.composite.weighted'), true), th(t('fm.composite.adjustment')), th(t('fm.composite.bias'), true), th(t('fm.composite.correction'), true), th('')],
                  rows,
                ),
                h('p', { class: 'hint' }, canAdjust ? t('fm.composite.managerHint') : t('fm.composite.repHint')),
              ]
            : empty(t('fm.composite.noReps')),
          { testid: 'fm-composite-card' },
        ),
        card(
          t('fm.composite.rollup'),
          table(
            'fm-rollup-table',
            [th(t('fc.scope')), th(t('fm.composite.submitted'), true), th(t('fm.composite.adjustedTotal'), true), th(t('fm.composite.corrected'), true), th(t('fm.composite.repCount'), true), th(t('fm.composite.missing'), true)],
            d.lines.map((l) =>
              h('tr', { 'data-testid': 'fm-rollup-row', 'data-scope': l.scope.key }, h('td', null, l.scope.level === 'org' ? t('fc.level.org') : `${l.scope.name} · ${tDyn('fc.level', l.scope.level)}`), numCell(l.submitted, money(l.submitted, cur), { 'data-testid': 'fm-rollup-submitted' }), numCell(l.adjusted, money(l.adjusted, cur)), numCell(l.bias_corrected, money(l.bias_corrected, cur)), numCell(l.reps), numCell(l.missing, String(l.missing), { class: `num ${l.missing ? 'bias-over' : ''}` })),
            ),
          ),
          { testid: 'fm-rollup-card' },
        ),
        d.note ? h('p', { class: 'hint' }, d.note) : null,
      );
    } catch (err) {
      out.dataset.state = 'error';
      mount(out, errorBox(err, () => void load()));
    }
  }
  void load();
}

// ---------------------------------------------------------------- test market

interface TestMarket {
  regions: number;
  ratio: number;
  estimate: number;
  std_error: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
  coverage: number;
}

function testMarketScreen(el: HTMLElement, env: Env): void {
  const rowsBody = h('tbody');
  const addRow = (region = '', sales = '', factor = '') => {
    const tr = h(
      'tr',
      { 'data-testid': 'fm-tm-row' },
      h('td', null, input('fm-tm-region', { value: region, placeholder: t('fm.tm.regionPh'), 'aria-label': t('fm.tm.region') })),
      h('td', null, input('fm-tm-sales', { value: sales, inputmode: 'decimal', 'aria-label': t('fm.tm.sales') })),
      h('td', null, input('fm-tm-factor', { value: factor, inputmode: 'decimal', 'aria-label': t('fm.tm.factor') })),
      h('td', null, h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'aria-label': t('fm.remove'), onclick: () => tr.remove() }, '×')),
    );
    rowsBody.append(tr);
  };
  addRow();
  addRow();
  addRow();
  const total = input('fm-tm-total', { inputmode: 'decimal' });
  const count = input('fm-tm-count', { inputmode: 'numeric' });
  const status = statusEl('fm-tm-status');
  const out = h('div', { class: 'stack', 'data-testid': 'fm-tm-result' });
  let last: TestMarket | null = null;
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-tm-submit' }, t('fm.compute'));

  function body(): Record<string, unknown> {
    const regions = [...rowsBody.querySelectorAll('tr')].map((tr, i) => {
      const [r, s, f] = [...tr.querySelectorAll('input')].map((x) => x.value.trim());
      return { i: i + 1, region: r, sales: parseNumber(s), factor: parseNumber(f), empty: !r && !s && !f };
    }).filter((x) => !x.empty);
    need(regions.length >= 2, t('fm.tm.regions'), t('fm.tm.atLeastTwo'));
    for (const r of regions) {
      need(!!r.region, t('fm.tm.rowN', { n: r.i }), t('fm.tm.needName'));
      need(fin(r.sales) && r.sales >= 0, t('fm.tm.rowN', { n: r.i }), t('fm.tm.needSales'));
      need(fin(r.factor) && r.factor > 0, t('fm.tm.rowN', { n: r.i }), t('fm.tm.needFactor'));
    }
    const tot = parseNumber(total.value);
    need(fin(tot) && tot > 0, t('fm.tm.total'), t('fm.err.positive'));
    const b: Record<string, unknown> = { regions: regions.map((r) => ({ region: r.region, sales: r.sales, market_factor: r.factor })), market_factor_total: tot };
    if (count.value.trim()) {
      const n = parseNumber(count.value);
      need(Number.isInteger(n) && n >= regions.length, t('fm.tm.count'), t('fm.tm.badCount', { n: regions.length }));
      b.market_regions = n;
    }
    return b;
  }

  const form = h(
    'form',
    {
      class: 'fc-form',
      'data-testid': 'fm-tm-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let b: Record<string, unknown>;
        try {
          b = body();
        } catch (err) {
          return setStatus(status, 'error', errText(err));
        }
        runBusy(submit, status, t('fm.computing'), async () => {
          const [r, cur] = await Promise.all([request<TestMarket>('POST', '/forecast/test-market', { body: b }), orgCurrency()]);
          last = r;
          show(r, cur);
          return '';
        });
      },
    },
    h('p', { class: 'hint' }, t('fm.tm.hint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact fm-edit-table' }, h('thead', null, h('tr', null, th(t('fm.tm.region')), th(t('fm.tm.sales')), th(t('fm.tm.factor')), th(''))), rowsBody)),
    h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'fm-tm-add', onclick: () => addRow() }, t('fm.addRow')),
    h('div', { class: 'form-grid' }, field(t('fm.tm.total'), total, t('fm.tm.totalHint')), field(t('fm.tm.count'), count, t('fm.tm.countHint'))),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.tm.title'), form, { testid: 'fm-tm-card' }), out));

  function show(r: TestMarket, cur: string): void {
    out.dataset.state = 'ready';
    mount(
      out,
      card(
        t('fm.result'),
        [
          h(
            'div',
            { class: 'kpis' },
            kpi('fm-tm-estimate', t('fm.tm.estimate'), r.estimate, money(r.estimate, cur), t('fm.tm.ratio', { ratio: number(r.ratio, 4) })),
            kpi('fm-tm-i80', t('fc.chart.band80'), r.lo80, `${money(r.lo80, cur)} – ${money(r.hi80, cur)}`),
            kpi('fm-tm-i95', t('fc.chart.band95'), r.lo95, `${money(r.lo95, cur)} – ${money(r.hi95, cur)}`),
            kpi('fm-tm-coverage', t('fm.tm.coverage'), r.coverage, percent(r.coverage), t('fm.tm.se', { se: money(r.std_error, cur) })),
          ),
          keepBox(env, 'test_market', () => {
            if (!last) throw new InputError(t('fm.keep.computeFirst'));
            return { amount: last.estimate, lo80: last.lo80, hi80: last.hi80, lo95: last.lo95, hi95: last.hi95, note: t('fm.tm.note', { n: last.regions }) };
          }),
        ],
        { testid: 'fm-tm-result-card' },
      ),
    );
  }
}

// ---------------------------------------------------------------- survey

interface Survey {
  scale: string;
  low: number;
  high: number;
  probabilities: number[];
  respondents: number;
  counts: number[];
  purchase_rate: number;
  expected_buyers: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}
const SCALES: Record<'five' | 'juster', { low: number; p: number[] }> = {
  five: { low: 1, p: [0.01, 0.05, 0.1, 0.3, 0.7] },
  juster: { low: 0, p: [0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99] },
};

/** Answers typed one per line or separated by commas/spaces; a CSV's header line is skipped. */
export function parseAnswers(text: string): { answers: number[]; bad: string[] } {
  const tokens = text.split(/[\s,;，、]+/).filter(Boolean);
  const answers: number[] = [];
  const bad: string[] = [];
  tokens.forEach((tok, i) => {
    const n = Number(tok.replace(/^"(.*)"$/, '$1'));
    if (Number.isInteger(n)) answers.push(n);
    else if (!(i === 0 && /[a-z\u4e00-\u9fff]/i.test(tok))) bad.push(tok);
  });
  return { answers, bad };
}

function surveyScreen(el: HTMLElement, env: Env): void {
  let scale: 'five' | 'juster' = env.query.get('scale') === 'juster' ? 'juster' : 'five';
  const probBox = h('div', { class: 'fm-probs', 'data-testid': 'fm-sv-probs' });
  const renderProbs = () =>
    mount(
      probBox,
      SCALES[scale].p.map((p, i) =>
        h('label', { class: 'fm-prob' }, h('span', null, t(scale === 'five' ? (`fm.sv.five.${i + 1}` as MessageKey) : 'fm.sv.point'
          , { n: i + SCALES[scale].low })), h('input', { class: 'input input-sm', inputmode: 'decimal', value: String(p), 'data-testid': `fm-sv-prob-${i + SCALES[scale].low}` })),
      ),
    );
  renderProbs();
  const scaleSel = h(
    'select',
    { class: 'input', 'data-testid': 'fm-sv-scale', onchange: () => { scale = scaleSel.value as 'five' | 'juster'; renderProbs(); const q = new URLSearchParams(env.query); q.set('scale', scale); env.save(q); } },
    h('option', { value: 'five' }, t('fm.sv.scale.five')),
    h('option', { value: 'juster' }, t('fm.sv.scale.juster')),
  );
  scaleSel.value = scale;
  const size = input('fm-sv-size', { inputmode: 'numeric' });
  const adj = input('fm-sv-adjustment', { inputmode: 'decimal', value: '1' });
  const status = statusEl('fm-sv-status');
  const { text: answers, block: answersBlock } = pasteCsv({ testid: 'fm-sv-answers', fileTestid: 'fm-sv-file', label: t('fm.sv.answers'), hint: t('fm.sv.answersHint'), rows: 6, placeholder: t('fm.sv.answersPh'), status });
  const out = h('div', { class: 'stack', 'data-testid': 'fm-sv-result' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-sv-submit' }, t('fm.compute'));
  let last: Survey | null = null;
  const form = h(
    'form',
    {
      class: 'fc-form',
      'data-testid': 'fm-sv-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let b: Record<string, unknown>;
        try {
          const probs = [...probBox.querySelectorAll('input')].map((x) => parseNumber(x.value));
          need(probs.every((p) => fin(p) && p >= 0 && p <= 1), t('fm.sv.probs'), t('fm.sv.badProb'));
          const { answers: a, bad } = parseAnswers(answers.value);
          need(bad.length === 0, t('fm.sv.answers'), t('fm.sv.badAnswers', { list: bad.slice(0, 5).join(', ') }));
          need(a.length > 0, t('fm.sv.answers'), t('fm.sv.noAnswers'));
          const lo = SCALES[scale].low;
          const hi = lo + SCALES[scale].p.length - 1;
          const out = a.filter((x) => x < lo || x > hi);
          need(out.length === 0, t('fm.sv.answers'), t('fm.sv.outOfScale', { low: lo, high: hi, list: out.slice(0, 5).join(', ') }));
          const n = parseNumber(size.value);
          need(fin(n) && n > 0, t('fm.sv.size'), t('fm.err.positive'));
          const k = parseNumber(adj.value);
          need(fin(k) && k > 0, t('fm.sv.adjustment'), t('fm.err.positive'));
          b = { scale, probabilities: probs, answers: a, market_size: n, adjustment: k };
        } catch (err) {
          return setStatus(status, 'error', errText(err));
        }
        runBusy(submit, status, t('fm.computing'), async () => {
          const r = await request<Survey>('POST', '/forecast/survey', { body: b });
          last = r;
          show(r);
          return '';
        });
      },
    },
    h('p', { class: 'hint' }, t('fm.sv.hint')),
    field(t('fm.sv.scale'), scaleSel),
    h('div', { class: 'form-row' }, h('span', null, t('fm.sv.probs')), probBox),
    answersBlock,
    h('div', { class: 'form-grid' }, field(t('fm.sv.size'), size, t('fm.sv.sizeHint')), field(t('fm.sv.adjustment'), adj, t('fm.sv.adjustmentHint'))),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.sv.title'), form, { testid: 'fm-sv-card' }), out));

  function show(r: Survey): void {
    const chartBox = h('div', { class: 'chart', style: 'height:220px', 'data-testid': 'fm-sv-chart' });
    const perBuyer = input('fm-sv-per-buyer', { inputmode: 'decimal', value: '1' });
    const labels = r.counts.map((_, i) => String(r.low + i));
    mount(
      out,
      card(
        t('fm.result'),
        [
          h(
            'div',
            { class: 'kpis' },
            kpi('fm-sv-respondents', t('fm.sv.respondents'), r.respondents, number(r.respondents, 0)),
            kpi('fm-sv-rate', t('fm.sv.rate'), r.purchase_rate, percent(r.purchase_rate, 2)),
            kpi('fm-sv-buyers', t('fm.sv.buyers'), r.expected_buyers, number(r.expected_buyers, 0)),
            kpi('fm-sv-i95', t('fc.chart.band95'), r.lo95, `${number(r.lo95, 0)} – ${number(r.hi95, 0)}`, `${t('fc.chart.band80')}: ${number(r.lo80, 0)} – ${number(r.hi80, 0)}`),
          ),
          chartBox,
          h('div', { class: 'chips', 'data-testid': 'fm-sv-counts' }, r.counts.map((c, i) => h('span', { class: 'chip', 'data-point': labels[i], 'data-value': String(c) }, `${labels[i]}: ${c}`))),
          keepBox(
            env,
            'survey',
            () => {
              if (!last) throw new InputError(t('fm.keep.computeFirst'));
              const v = parseNumber(perBuyer.value);
              need(fin(v) && v > 0, t('fm.sv.perBuyer'), t('fm.err.positive'));
              return { amount: last.expected_buyers * v, lo80: last.lo80 * v, hi80: last.hi80 * v, lo95: last.lo95 * v, hi95: last.hi95 * v, note: t('fm.sv.note', { n: last.respondents, buyers: number(last.expected_buyers, 0) }) };
            },
            { extra: field(t('fm.sv.perBuyer'), perBuyer, t('fm.sv.perBuyerHint')) },
          ),
        ],
        { testid: 'fm-sv-result-card' },
      ),
    );
    env.charts.push(mountChart(chartBox, countsOption(labels, r.counts)));
  }
}

// ---------------------------------------------------------------- Delphi

interface Study {
  id: Id;
  question: string;
  scope_user_id?: Id | null;
  period: string;
  threshold: number;
  max_rounds: number;
  round: number;
  status: string;
  owner_id?: Id;
  [k: string]: unknown;
}
interface DelphiRound {
  round: number;
  n: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  relative_iqr: number;
  min: number;
  max: number;
  converged: boolean;
  reasons: { position: 'below' | 'at' | 'above'; text: string }[];
}
interface DelphiView {
  study: Study;
  answers_per_round: number[];
  rounds: DelphiRound[];
  finished: boolean;
  converged: boolean;
  consensus: number | null;
  status: string;
  my_figure: number | null;
  my_reason: string;
  moderator: boolean;
}

function delphiScreen(el: HTMLElement, env: Env): void {
  const id = env.query.get('study');
  if (id) return delphiStudy(el, env, id);
  const list = h('div', { 'data-testid': 'fm-delphi-list', 'data-state': 'loading' }, loading());
  const createCard = isManager(env.me) ? card(t('fm.delphi.create'), createForm(), { testid: 'fm-delphi-create' }) : card(null, h('p', { class: 'hint', 'data-testid': 'fm-delphi-repnote' }, t('fm.delphi.repNote')));
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.delphi.studies'), list), createCard));

  function createForm(): HTMLElement {
    const question = h('textarea', { class: 'input', rows: 2, 'data-testid': 'fm-delphi-question', maxlength: 2000 });
    const scope = scopeSelect(env, 'fm-delphi-scope', env.scopes[0]?.key ?? '');
    const period = h('input', { class: 'input', type: 'month', value: thisMonth(), 'data-testid': 'fm-delphi-period' });
    const threshold = input('fm-delphi-threshold', { value: '0.1', inputmode: 'decimal' });
    const rounds = input('fm-delphi-rounds', { value: '3', inputmode: 'numeric' });
    const status = statusEl('fm-delphi-create-status');
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-delphi-create-submit' }, t('fm.delphi.createSubmit'));
    return h(
      'form',
      {
        class: 'fc-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          let b: Record<string, unknown>;
          try {
            need(!!question.value.trim(), t('fm.delphi.question'), t('fm.err.required'));
            need(/^\d{4}-\d{2}$/.test(period.value), t('fc.form.month'), t('fm.err.month'));
            const th = parseNumber(threshold.value);
            need(fin(th) && th > 0 && th < 10, t('fm.delphi.threshold'), t('fm.err.positive'));
            const mr = parseNumber(rounds.value);
            need(Number.isInteger(mr) && mr >= 1 && mr <= 20, t('fm.delphi.maxRounds'), t('fm.delphi.badRounds'));
            b = { question: question.value.trim(), period: period.value, threshold: th, max_rounds: mr, round: 1, status: 'open' };
            const user = scopeUser(env, scope.value);
            if (user !== null && user !== undefined) b.scope_user_id = user;
          } catch (err) {
            return setStatus(status, 'error', errText(err));
          }
          submit.disabled = true;
          setStatus(status, 'busy', t('fc.form.saving'));
          api
            .create<Study>('delphi_studies', b)
            .then((s) => (location.hash = `#/forecast/methods/delphi?study=${s.id}`))
            .catch((err) => {
              submit.disabled = false;
              setStatus(status, 'error', problemText(err));
            });
        },
      },
      h('p', { class: 'hint' }, t('fm.delphi.createHint')),
      field(t('fm.delphi.question'), question),
      h('div', { class: 'form-grid' }, field(t('fc.scope'), scope), field(t('fc.form.month'), period)),
      h('div', { class: 'form-grid' }, field(t('fm.delphi.threshold'), threshold, t('fm.delphi.thresholdHint')), field(t('fm.delphi.maxRounds'), rounds)),
      h('div', { class: 'form-actions' }, submit),
      status,
    );
  }

  async function load(): Promise<void> {
    try {
      const page = await api.list<Study>('delphi_studies', { limit: 200, sort: '-id' });
      list.dataset.state = 'ready';
      mount(
        list,
        page.items.length
          ? table(
              'fm-delphi-table',
              [th(t('fm.delphi.question')), th(t('fc.form.month')), th(t('fm.delphi.round'), true), th(t('fm.delphi.status'))],
              page.items.map((s) =>
                h('tr', { 'data-testid': 'fm-delphi-study', 'data-id': String(s.id) }, h('td', null, h('a', { href: `#/forecast/methods/delphi?study=${s.id}` }, s.question)), h('td', null, s.period), numCell(s.round, String(s.round)), h('td', null, tDyn('fm.delphi.st', s.status))),
              ),
            )
          : empty(t('fm.delphi.noStudies')),
      );
    } catch (err) {
      list.dataset.state = 'error';
      mount(list, errorBox(err, () => void load()));
    }
  }
  void load();
}

function delphiStudy(el: HTMLElement, env: Env, id: string): void {
  const box = h('div', { class: 'stack', 'data-testid': 'fm-delphi-study-view', 'data-state': 'loading' }, loading());
  mount(el, h('p', null, h('a', { href: '#/forecast/methods/delphi', 'data-testid': 'fm-delphi-back' }, t('fm.delphi.back'))), box);

  async function load(flash?: string): Promise<void> {
    try {
      const [v, cur] = await Promise.all([request<DelphiView>('GET', `/forecast/delphi/${encodeURIComponent(id)}`), orgCurrency()]);
      show(v, cur, flash);
    } catch (err) {
      box.dataset.state = 'error';
      mount(box, errorBox(err, () => void load()));
    }
  }

  function show(v: DelphiView, cur: string, flash?: string): void {
    box.dataset.state = 'ready';
    box.dataset.status = v.study.status;
    const s = v.study;
    const open = s.status === 'open';
    const chartBox = h('div', { class: 'chart', style: 'height:240px', 'data-testid': 'fm-delphi-chart' });
    const last = v.rounds[v.rounds.length - 1];
    const answered = v.answers_per_round[v.answers_per_round.length - 1] ?? 0;

    const figure = input('fm-delphi-figure', { inputmode: 'decimal', value: fin(v.my_figure) ? String(v.my_figure) : '' });
    const reason = h('textarea', { class: 'input', rows: 2, maxlength: 2000, 'data-testid': 'fm-delphi-reason' });
    reason.value = v.my_reason ?? '';
    const aStatus = statusEl('fm-delphi-answer-status');
    const aSubmit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-delphi-answer-submit' }, t('fm.delphi.answerSubmit'));
    const answerForm = h(
      'form',
      {
        class: 'fc-form',
        'data-testid': 'fm-delphi-answer-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const f = parseNumber(figure.value);
          if (!fin(f)) return setStatus(aStatus, 'error', t('fc.form.fieldError', { field: t('fm.delphi.figure'), detail: t('fm.err.number') }));
          aSubmit.disabled = true;
          setStatus(aStatus, 'busy', t('fc.form.saving'));
          request<DelphiView>('POST', `/forecast/delphi/${encodeURIComponent(id)}/answer`, { body: { figure: f, reason: reason.value.trim() } })
            .then((nv) => show(nv, cur, t('fm.delphi.answered', { figure: number(f) })))
            .catch((err) => {
              aSubmit.disabled = false;
              setStatus(aStatus, 'error', problemText(err));
            });
        },
      },
      h('p', { class: 'hint' }, t('fm.delphi.answerHint', { round: s.round })),
      fin(v.my_figure) ? h('p', { class: 'form-status ok', 'data-testid': 'fm-delphi-mine', 'data-value': String(v.my_figure) }, t('fm.delphi.yourAnswer', { figure: number(v.my_figure), reason: v.my_reason || '—' })) : null,
      h('div', { class: 'form-grid' }, field(t('fm.delphi.figure'), figure), field(t('fm.delphi.reason'), reason)),
      h('div', { class: 'form-actions' }, aSubmit),
      aStatus,
    );

    const nStatus = statusEl('fm-delphi-next-status');
    const nButton = h('button', { class: 'btn btn-secondary', type: 'button', 'data-testid': 'fm-delphi-next' }, t('fm.delphi.next'));
    nButton.addEventListener('click', () => {
      nButton.disabled = true;
      setStatus(nStatus, 'busy', t('fc.form.saving'));
      request<DelphiView>('POST', `/forecast/delphi/${encodeURIComponent(id)}/next`)
        .then((nv) => show(nv, cur, nv.status === 'open' ? t('fm.delphi.nextOpened', { round: nv.study.round }) : t('fm.delphi.closed')))
        .catch((err) => {
          nButton.disabled = false;
          setStatus(nStatus, 'error', problemText(err));
        });
    });

    const reasonsOf = (r: DelphiRound) =>
      h(
        'div',
        { class: 'grid grid-3 fm-reasons', 'data-testid': 'fm-delphi-reasons' },
        (['below', 'at', 'above'] as const).map((pos) => {
          const list = r.reasons.filter((x) => x.position === pos && x.text);
          return h('div', { 'data-position': pos }, h('h3', null, t(`fm.delphi.pos.${pos}` as MessageKey)), list.length ? h('ul', null, list.map((x) => h('li', null, x.text))) : h('p', { class: 'muted' }, '—'));
        }),
      );

    mount(
      box,
      flash ? h('div', { class: 'form-status ok', role: 'status', 'data-testid': 'fm-delphi-flash' }, flash) : null,
      card(
        s.question,
        [
          h(
            'div',
            { class: 'kpis' },
            kpi('fm-delphi-status', t('fm.delphi.status'), null, tDyn('fm.delphi.st', s.status), open ? t('fm.delphi.roundOf', { round: s.round, max: s.max_rounds }) : v.converged ? t('fm.delphi.convergedYes') : t('fm.delphi.convergedNo')),
            kpi('fm-delphi-answers', t('fm.delphi.answersNow'), answered, open ? String(answered) : '—', t('fm.delphi.minAnswers')),
            kpi('fm-delphi-last-median', t('fm.delphi.median'), last?.median, last ? money(last.median, cur) : '—', last ? t('fm.delphi.roundN', { n: last.round }) : t('fm.delphi.noRounds')),
            kpi('fm-delphi-spread', t('fm.delphi.relIqr'), last?.relative_iqr, last ? percent(last.relative_iqr) : '—', t('fm.delphi.threshold') + ' ' + percent(s.threshold)),
          ),
          h('p', { class: 'hint' }, t('fm.delphi.studyHint', { period: s.period, scope: s.scope_user_id ? scopeName(env, `user:${s.scope_user_id}`) : t('fc.level.org') })),
        ],
        { testid: 'fm-delphi-head' },
      ),
      v.rounds.length
        ? card(
            t('fm.delphi.rounds'),
            [
              chartBox,
              table(
                'fm-delphi-rounds',
                [th(t('fm.delphi.round')), th(t('fm.delphi.n'), true), th(t('fm.delphi.median'), true), th(t('fm.delphi.q1'), true), th(t('fm.delphi.q3'), true), th(t('fm.delphi.relIqr'), true), th(t('fm.delphi.range'), true)],
                v.rounds.map((r) =>
                  h('tr', { 'data-testid': 'fm-delphi-round', 'data-round': String(r.round) }, h('td', null, t('fm.delphi.roundN', { n: r.round }), r.converged ? h('span', { class: 'chip' }, t('fm.delphi.convergedChip')) : null), numCell(r.n, String(r.n)), numCell(r.median, money(r.median, cur), { 'data-testid': 'fm-delphi-median' }), numCell(r.q1, money(r.q1, cur)), numCell(r.q3, money(r.q3, cur)), numCell(r.relative_iqr, percent(r.relative_iqr)), h('td', { class: 'num' }, `${money(r.min, cur)} – ${money(r.max, cur)}`)),
                ),
              ),
              h('h3', null, t('fm.delphi.reasons', { n: last.round })),
              reasonsOf(last),
            ],
            { testid: 'fm-delphi-rounds-card' },
          )
        : card(null, empty(t('fm.delphi.noRounds'))),
      open ? card(t('fm.delphi.answerTitle', { round: s.round }), answerForm, { testid: 'fm-delphi-answer-card' }) : null,
      open && v.moderator ? card(t('fm.delphi.moderate'), [h('p', { class: 'hint' }, t('fm.delphi.nextHint')), nButton, nStatus], { testid: 'fm-delphi-moderate' }) : open ? h('p', { class: 'hint' }, t('fm.delphi.notModerator')) : null,
      !open && fin(v.consensus)
        ? card(
            t('fm.delphi.consensus', { amount: money(v.consensus, cur) }),
            keepBox(env, 'delphi', () => ({ amount: v.consensus as number, lo80: last?.q1, hi80: last?.q3, note: s.question }), {
              scope: s.scope_user_id ? `user:${s.scope_user_id}` : 'org',
              period: s.period,
              fixed: true,
            }),
            { testid: 'fm-delphi-keep' },
          )
        : null,
    );
    if (v.rounds.length) env.charts.push(mountChart(chartBox, delphiOption(v.rounds)));
  }
  void load();
}

// ---------------------------------------------------------------- market factor & buying power

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

function marketFactorScreen(el: HTMLElement, env: Env): void {
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
  const form = h(
    'form',
    {
      class: 'fc-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let b: Record<string, unknown>;
        try {
          const rows = dataRows(text.value);
          need(rows.length >= 3, t('fm.mf.data'), t('fm.mf.atLeast'));
          const territories = rows.map((r, i) => {
            const f = parseNumber(r[1] ?? '');
            need(!!r[0] && fin(f), t('fm.tm.rowN', { n: i + 1 }), t('fm.mf.badRow'));
            const o: Record<string, unknown> = { territory: r[0], factor: f };
            if (r[2]) {
              const s = parseNumber(r[2]);
              need(fin(s), t('fm.tm.rowN', { n: i + 1 }), t('fm.mf.badSales'));
              o.sales = s;
            }
            return o;
          });
          b = { territories };
          if (territories.some((x) => x.sales === undefined)) {
            need(!!from.value && !!to.value && from.value <= to.value, t('fm.mf.period'), t('fm.mf.badPeriod'));
            Object.assign(b, { from: from.value, to: to.value });
          }
        } catch (err) {
          return setStatus(status, 'error', errText(err));
        }
        runBusy(submit, status, t('fm.computing'), async () => {
          const [r, cur] = await Promise.all([request<MarketFactor>('POST', '/forecast/market-factor', { body: b }), orgCurrency()]);
          showRegression(r, cur, b.territories as { territory: string; factor: number }[]);
          return '';
        });
      },
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
          h(
            'div',
            { class: 'kpis' },
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
  const bpForm = h(
    'form',
    {
      class: 'fc-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let b: Record<string, unknown>;
        try {
          const rows = dataRows(bpText.value);
          need(rows.length >= 1, t('fm.mf.data'), t('fm.err.required'));
          const territories = rows.map((r, i) => {
            const [inc, ret, pop] = [r[1], r[2], r[3]].map((x) => parseNumber(x ?? ''));
            need(!!r[0] && fin(inc) && fin(ret) && fin(pop), t('fm.tm.rowN', { n: i + 1 }), t('fm.bp.badRow'));
            const o: Record<string, unknown> = { territory: r[0], income: inc, retail_sales: ret, population: pop };
            if (r[4]) {
              const s = parseNumber(r[4]);
              need(fin(s), t('fm.tm.rowN', { n: i + 1 }), t('fm.mf.badSales'));
              o.sales = s;
            }
            return o;
          });
          const w = [wIncome, wRetail, wPop].map((x) => parseNumber(x.value));
          need(w.every((x) => fin(x) && x >= 0) && w.some((x) => x > 0), t('fm.bp.weights'), t('fm.bp.badWeights'));
          b = { territories, weights: { income: w[0], retail_sales: w[1], population: w[2] } };
        } catch (err) {
          return setStatus(bpStatus, 'error', errText(err));
        }
        runBusy(bpSubmit, bpStatus, t('fm.computing'), async () => {
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
          return '';
        });
      },
    },
    h('p', { class: 'hint' }, t('fm.bp.hint')),
    bpBlock,
    h('div', { class: 'form-grid fm-grid-3' }, field(t('fm.bp.income'), wIncome), field(t('fm.bp.retail'), wRetail), field(t('fm.bp.population'), wPop)),
    h('div', { class: 'form-actions' }, bpSubmit),
    bpStatus,
  );
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.mf.title'), form, { testid: 'fm-mf-card' }), out), card(t('fm.bp.title'), [bpForm, bpOut], { testid: 'fm-bp-card' }));
}

// ---------------------------------------------------------------- econometric

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

function econometricScreen(el: HTMLElement, env: Env): void {
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
  const form = h(
    'form',
    {
      class: 'fc-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let b: Record<string, unknown>;
        try {
          const hz = parseNumber(horizon.value);
          need(Number.isInteger(hz) && hz >= 1 && hz <= 24, t('fc.horizon'), t('fm.econ.badHorizon'));
          refreshLags();
          const indicators = parseIndicators(text.value).map((ind) => {
            const raw = lagInputs.get(ind.name)?.value ?? '0';
            const lags = raw.split(/[\s,，]+/).filter(Boolean).map(Number);
            need(lags.length > 0 && lags.every((l) => Number.isInteger(l) && l >= 0 && l <= 24), t('fm.econ.lagsOf', { name: ind.name }), t('fm.econ.badLags'));
            return { ...ind, lags };
          });
          b = { scope: scope.value, horizon: hz, indicators };
        } catch (err) {
          return setStatus(status, 'error', errText(err));
        }
        env.save(new URLSearchParams({ scope: scope.value }));
        runBusy(submit, status, t('fm.computing'), async () => {
          const [r, cur] = await Promise.all([request<Econometric>('POST', '/forecast/econometric', { body: b }), orgCurrency()]);
          show(r, cur, b.scope as string);
          return '';
        });
      },
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
      h(
        'div',
        { class: 'kpis' },
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

// ---------------------------------------------------------------- the page

const SCREENS: Record<Method, (el: HTMLElement, env: Env) => void> = {
  opinion: opinionScreen,
  composite: compositeScreen,
  'test-market': testMarketScreen,
  survey: surveyScreen,
  delphi: delphiScreen,
  'market-factor': marketFactorScreen,
  econometric: econometricScreen,
};

export function forecastMethodsPage(el: HTMLElement, ctx: RouteContext): () => void {
  const method = ctx.params.method as Method;
  const known = (METHODS as readonly string[]).includes(method);
  const content = h('div', { class: 'dashboard-body forecast-body' });
  const root = h(
    'div',
    { class: 'page forecast-methods', 'data-testid': 'forecast-methods', 'data-method': method, 'data-state': 'loading' },
    pageHeader(t('fc.title'), known ? t(`fm.sub.${method}` as MessageKey) : ''),
    methodTabs(known ? method : ''),
    content,
  );
  mount(el, root);
  const env: Env = { me: currentUser(), scopes: [], query: new URLSearchParams(ctx.query), charts: [], save: (q) => replaceQuery(q) };
  if (!known) {
    root.dataset.state = 'not-found';
    mount(content, empty(t('page.notFound')));
    return () => undefined;
  }
  let alive = true;
  mount(content, loading());
  const start = async () => {
    try {
      env.scopes = await api.forecastScopes();
    } catch (err) {
      if (!alive) return;
      root.dataset.state = 'error';
      mount(content, errorBox(err, () => void start()));
      return;
    }
    if (!alive) return;
    root.dataset.state = 'ready';
    SCREENS[method](content, env);
  };
  void start();
  return () => {
    alive = false;
    env.charts.forEach((c) => c.dispose());
  };
}

