// "Keep as forecast": storing a method's figure as a /forecasts record of a scope and month,
// and the small form that does it under a screen's result. Money is rounded to cents and
// clipped at zero; the bands are widened to contain the amount.
import { api } from '../../api';
import { h, type Child } from '../../dom';
import { month } from '../../format';
import { t, tDyn } from '../../i18n';
import { type Env, errText, field, fin, need, orgCurrency, runBusy, scopeName, scopeSelect, scopeUser, setStatus, statusEl, thisMonth, todayIso } from './shared';

/** A figure to keep: the amount, optional 80%/95% bands, a note and the model behind it. */
export interface Figure {
  amount: number;
  lo80?: number;
  hi80?: number;
  lo95?: number;
  hi95?: number;
  note?: string;
  model?: string;
}

/** Stores a figure as a kept forecast record of `scopeKey` for `period` (YYYY-MM). */
export async function keepFigure(env: Env, method: string, scopeKey: string, period: string, f: Figure, extra: Record<string, unknown> = {}): Promise<void> {
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
export function keepBox(env: Env, method: string, figure: () => Figure, opts: { scope?: string; period?: string; fixed?: boolean; extra?: Child } = {}): HTMLElement {
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
