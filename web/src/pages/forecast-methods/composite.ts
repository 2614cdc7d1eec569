// 销售人员综合意见法 (#/forecast/methods/composite): the reps' own calls for a month beside
// their pipeline and past bias, managers' adjustments, and the roll-up up the hierarchy.
import { api, request, type Id } from '../../api';
import { card, empty } from '../../components/ui';
import { h, mount } from '../../dom';
import { money, month, number } from '../../format';
import { t, tDyn } from '../../i18n';
import { type Env, type ScopeMonth, fin, input, isManager, numCell, orgCurrency, parseNumber, saveOnce, scopeMonthScreen, scopeUser, setStatus, statusEl, table, th, todayIso } from './shared';

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

/** The amount typed in `amount` (a number ≥ 0), or null after saying on `status` why not. */
function readAmount(amount: HTMLInputElement, status: HTMLElement): number | null {
  const v = parseNumber(amount.value);
  if (fin(v) && v >= 0) return v;
  setStatus(status, 'error', t('fc.form.fieldError', { field: t('fc.form.amount'), detail: t('fc.form.badAmount') }));
  return null;
}

/**
 * 销售人员综合意见法: for a scope and month (GET /forecast/composite) each rep's own call beside
 * their pipeline (closed, commit, best case, weighted), a manager's adjustment with its reason,
 * their past bias and the correction it implies, and the roll-up per level. A rep enters their
 * own call (`fm-call-form`); a manager adjusts a rep's (`fm-adjust-form`). Both are /forecasts
 * records of method composite; the screen reloads with a flash after each.
 */
export function compositeScreen(el: HTMLElement, env: Env): void {
  const { at, load } = scopeMonthScreen(el, env, { title: t('fm.composite.title'), hint: t('fm.composite.hint') }, draw);
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
          const v = readAmount(amount, status);
          if (v === null) return;
          saveOnce(
            submit,
            status,
            () => api.create('forecasts', { scope_user_id: env.me!.id, period: at.month, method: 'composite', amount: v, currency: cur, made_on: todayIso() }),
            () => load(t('fm.composite.saved', { amount: money(v, cur), month: month(at.month) })),
          );
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
          const v = readAmount(amount, status);
          if (v === null) return;
          if (!reason.value.trim()) {
            reason.focus();
            return setStatus(status, 'error', t('fm.composite.reasonNeeded'));
          }
          saveOnce(
            submit,
            status,
            () => api.create('forecasts', { owner_id: env.me!.id, scope_user_id: r.scope.user_id ?? scopeUser(env, r.scope.key), period: at.month, method: 'composite', amount: v, currency: cur, made_on: todayIso(), note: reason.value.trim() }),
            () => load(t('fm.composite.adjusted', { name: r.scope.name, amount: money(v, cur) })),
          );
        },
      },
      h('div', { class: 'form-inline' }, amount, reason, submit),
      status,
    );
  }


  /** Draws the reps and roll-up of the scope and month into `out` (a flash on top after a save). */
  async function draw(_: ScopeMonth, out: HTMLElement, flash?: string): Promise<void> {
    const [d, cur] = await Promise.all([request<Composite>('GET', '/forecast/composite', { query: { scope: at.scope, month: at.month } }), orgCurrency()]);
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
  }
  void load();
}
