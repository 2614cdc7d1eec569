// Shared by the forecast-method screens (#/forecast/methods/<name>): the screen environment
// (`Env`), number and CSV parsing with field errors (`need` → `InputError`), status lines,
// busy buttons, small table/form/KPI builders, the organisation's currency and the scope
// controls. No screen-specific logic lives here.
import { api, type ForecastScope, type Id, type Me } from '../../api';
import { withBusy } from '../../busy';
import type { ChartHandle } from '../../charts';
import { card, errorBox, loading } from '../../components/ui';
import { h, mount, type Child } from '../../dom';
import { number } from '../../format';
import { t } from '../../i18n';
import { problemText } from '../forecast';
import { scopeOptions } from '../../components/scope-picker';

/** A figure as the API sends it: a number, or null/absent where there is none. */
export type Num = number | null | undefined;
/** True for a finite number (narrows `Num`). */
export const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);
/** Whether the signed-in user manages others (anyone but a rep). */
export const isManager = (me: Me | null) => !!me && me.role !== 'rep';

/** Today's date in the browser's time zone, YYYY-MM-DD. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
/** This month, YYYY-MM. */
export const thisMonth = () => todayIso().slice(0, 7);

let currencyCache: string | null = null;
/** The organisation's currency (the dashboard's). */
export async function orgCurrency(): Promise<string> {
  if (currencyCache) return currencyCache;
  const d = await api.dashboard(todayIso(), todayIso());
  currencyCache = d.currency || 'CNY';
  return currencyCache;
}

/** Shows `text` in a status line as ok, error (role alert), busy or plain; "" hides it. */
export function setStatus(el: HTMLElement, kind: 'ok' | 'error' | 'busy' | '', text: string): void {
  el.className = kind === 'error' ? 'form-error' : `form-status ${kind === 'ok' ? 'ok' : ''}`;
  if (kind === 'error') el.setAttribute('role', 'alert');
  else el.setAttribute('role', 'status');
  el.textContent = text;
  el.hidden = !text;
}
/** A hidden, polite status line with `testid`, for `setStatus`. */
export function statusEl(testid: string): HTMLElement {
  const el = h('div', { class: 'form-status', 'data-testid': testid, role: 'status', 'aria-live': 'polite' });
  el.hidden = true;
  return el;
}

/** A number from a text field ("1,234.5" or "1 234,5" with a comma is not accepted: only , as thousands). */
export function parseNumber(raw: string): number {
  const s = raw.trim().replace(/[,\s，]/g, '');
  return s === '' ? NaN : Number(s);
}

/** A field the user typed wrongly; its message is already the full text to show. */
export class InputError extends Error {}
/** Throws an `InputError` "<field>: <detail>" unless `cond`. */
export function need(cond: boolean, field: string, detail: string): void {
  if (!cond) throw new InputError(t('fc.form.fieldError', { field, detail }));
}
/** The text to show for a failed check (`InputError`) or a failed call (the API problem). */
export function errText(err: unknown): string {
  return err instanceof InputError ? err.message : problemText(err);
}

/** A KPI tile: `label`, the `shown` text, an optional detail; `data-value` carries `raw`. */
export function kpi(testid: string, label: string, raw: Num, shown: string, detail: Child = null): HTMLElement {
  return h(
    'div',
    { class: 'kpi', 'data-testid': testid, 'data-value': fin(raw) ? String(raw) : '' },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, shown),
    detail ? h('div', { class: 'kpi-detail' }, detail) : null,
  );
}
/** A row of KPI tiles. */
export const kpiRow = (...tiles: Child[]) => h('div', { class: 'kpis' }, tiles);
/** A numeric cell whose `data-value` carries the raw `v` (shown as `text`, else a whole number). */
export const numCell = (v: Num, text?: string, extra: Record<string, string> = {}) =>
  h('td', { class: 'num', 'data-value': fin(v) ? String(v) : '', ...extra }, text ?? number(v, 0));
/** A compact table with `testid`, its head cells and body rows, in a scroll wrapper. */
export const table = (testid: string, head: Child[], rows: Child[]) =>
  h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact', 'data-testid': testid }, h('thead', null, h('tr', null, head)), h('tbody', null, rows)));
/** A head cell, right-aligned when `num`. */
export const th = (text: string, num = false) => h('th', { class: num ? 'num' : '' }, text);
/** A labelled form row around `control`, with an optional hint. */
export const field = (label: string, control: Child, hint?: string) => h('label', { class: 'form-row' }, h('span', null, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
/** A text input with `testid` and further attributes. */
export const input = (testid: string, attrs: Record<string, string | number | boolean> = {}) => h('input', { class: 'input', type: 'text', 'data-testid': testid, ...attrs });

/** Reads a CSV file chosen in `file` into `target` (a textarea). */
export function fileLoader(testid: string, target: HTMLTextAreaElement, status: HTMLElement): HTMLElement {
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
export function csvRows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
}

/** The data rows of pasted CSV: `csvRows` without a header (a first row whose second cell is not a number). */
export function dataRows(text: string): string[][] {
  return csvRows(text).filter((r, i) => !(i === 0 && !fin(parseNumber(r[1] ?? ''))));
}

/**
 * The "paste CSV or upload a file" block of a screen: a textarea under `label` (with `hint`)
 * and a file chooser that loads a CSV into it, reporting in `status`. Returns the textarea
 * (read it on submit) and the elements to place in the form.
 */
export function pasteCsv(opts: { testid: string; fileTestid: string; label: string; hint: string; rows: number; placeholder: string; status: HTMLElement }): { text: HTMLTextAreaElement; block: HTMLElement[] } {
  const text = h('textarea', { class: 'input', rows: opts.rows, 'data-testid': opts.testid, placeholder: opts.placeholder });
  return { text, block: [field(opts.label, text, opts.hint), fileLoader(opts.fileTestid, text, opts.status)] };
}

/**
 * Runs a call behind a button: the button is disabled and `status` says `busyText` while
 * `work` runs; then `status` shows the text `work` resolves to ("" hides it) or the problem
 * it rejected with. The button is enabled again either way.
 */
export function runBusy(button: HTMLButtonElement, status: HTMLElement, busyText: string, work: () => Promise<string>): void {
  const mark = (busy: boolean) => {
    button.disabled = busy;
    if (busy) setStatus(status, 'busy', busyText);
  };
  void withBusy(
    mark,
    async () => {
      const done = await work();
      setStatus(status, done ? 'ok' : '', done);
    },
    (err) => setStatus(status, 'error', problemText(err)),
  );
}

/** What every screen gets: the user, the scopes they may see, the query, and where to put charts (disposed with the page). */
export interface Env {
  me: Me | null;
  scopes: ForecastScope[];
  query: URLSearchParams;
  save: (q: URLSearchParams) => void;
  charts: ChartHandle[];
}

/** A scope select (`testid`) in hierarchy order, set to `value` or the first scope; `onchange` gets the new key. */
export function scopeSelect(env: Env, testid: string, value: string, onchange?: (v: string) => void): HTMLSelectElement {
  const sel = h(
    'select',
    { class: 'input', 'data-testid': testid, 'aria-label': t('fc.scope'), onchange: () => onchange?.(sel.value) },
    scopeOptions(env.scopes, '\u00a0\u00a0'),
  );
  sel.value = value || env.scopes[0]?.key || '';
  return sel;
}
/** A scope's display name (the organisation's label for the org scope); the key itself if unknown. */
export const scopeName = (env: Env, key: string) => {
  const s = env.scopes.find((x) => x.key === key);
  return !s ? key : s.level === 'org' ? t('fc.level.org') : s.name;
};
/** The user a scope key stands for (null for team/org scopes). */
export const scopeUser = (env: Env, key: string): Id | null => {
  const s = env.scopes.find((x) => x.key === key);
  if (s) return s.user_id;
  const m = /^user:(\d+)$/.exec(key);
  return m ? m[1] : null;
};

/**
 * Runs a save behind a submit button: disables it and says "saving" in `status`, then hands
 * the result to `done` (which redraws the screen, so the button stays disabled); a failure
 * enables the button again and shows the problem in `status`.
 */
export function saveOnce<T>(button: HTMLButtonElement, status: HTMLElement, work: () => Promise<T>, done: (v: T) => unknown): void {
  button.disabled = true;
  setStatus(status, 'busy', t('fc.form.saving'));
  work()
    .then(done)
    .catch((err) => {
      button.disabled = false;
      setStatus(status, 'error', problemText(err));
    });
}

/** The scope and month a scope-and-month screen shows (changed by its controls). */
export interface ScopeMonth {
  scope: string;
  month: string;
}

/**
 * The frame of a screen that looks at one scope and one month (executive opinion, composite):
 * a controls card (`title`, `hint`, scope `fm-scope` and month `fm-month`, from the query or
 * the first scope and this month) over a result box. `load(flash?)` saves scope and month in
 * the query, shows loading, awaits `fill(at, out, flash)` and marks the box `data-state`
 * ready, or shows the error with a retry. Changing a control loads again; the caller starts
 * the first load.
 */
export function scopeMonthScreen(
  el: HTMLElement,
  env: Env,
  head: { title: string; hint: string; testid?: string },
  fill: (at: ScopeMonth, out: HTMLElement, flash?: string) => Promise<void>,
): { at: ScopeMonth; load: (flash?: string) => Promise<void> } {
  const at: ScopeMonth = { scope: env.query.get('scope') || env.scopes[0]?.key || 'org', month: env.query.get('month') || thisMonth() };
  const out = h('div', { class: 'stack' });
  const sel = scopeSelect(env, 'fm-scope', at.scope, (v) => ((at.scope = v), load()));
  const monthIn = h('input', { class: 'input', type: 'month', value: at.month, 'data-testid': 'fm-month', onchange: () => ((at.month = monthIn.value), load()) });
  mount(el, card(head.title, [h('p', { class: 'hint' }, head.hint), h('div', { class: 'form-inline' }, field(t('fc.scope'), sel), field(t('fc.form.month'), monthIn))], { testid: head.testid }), out);
  async function load(flash?: string): Promise<void> {
    env.save(new URLSearchParams({ scope: at.scope, month: at.month }));
    mount(out, loading());
    out.dataset.state = 'loading';
    try {
      await fill(at, out, flash);
      out.dataset.state = 'ready';
    } catch (err) {
      out.dataset.state = 'error';
      mount(out, errorBox(err, () => void load()));
    }
  }
  return { at, load };
}

/**
 * A screen's "compute" form (class fc-form, `testid` if given): on submit `read()` checks the
 * fields and builds the request (an `InputError` or other throw is shown in `status`); then
 * `run(request)` calls the API and draws the result behind the busy `submit` button, with
 * "computing…" in `status` meanwhile and the problem there if it fails.
 */
export function computeForm<T>(
  opts: { submit: HTMLButtonElement; status: HTMLElement; testid?: string },
  read: () => T,
  run: (request: T) => Promise<unknown>,
  ...children: Child[]
): HTMLFormElement {
  return h(
    'form',
    {
      class: 'fc-form',
      'data-testid': opts.testid,
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        let b: T;
        try {
          b = read();
        } catch (err) {
          return setStatus(opts.status, 'error', errText(err));
        }
        runBusy(opts.submit, opts.status, t('fm.computing'), async () => {
          await run(b);
          return '';
        });
      },
    },
    ...children,
  );
}
