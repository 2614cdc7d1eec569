// One opportunity (#/opportunities/:id). A 404 means absent or not visible to the user;
// the page says exactly that and never hints which.
import { api, ApiError, type Opportunity } from '../api';
import { OPEN_STAGES } from '../charts';
import { errorBox, loading, notFoundState, pageHeader } from '../components/ui';
import { accountName, loadAccountNames, nameOf, userNames } from '../directory';
import { h, mount, type Child } from '../dom';
import { date, money, number } from '../format';
import { t, tDyn } from '../i18n';
import type { RouteContext } from '../router';
import { categoryBadge, stageBadge, text } from './records';

function notFound(): HTMLElement {
  return h(
    'div',
    { class: 'page' },
    notFoundState('not-found', t('opp.notFound.title'), t('opp.notFound.text'), { href: '#/opportunities', label: t('opp.backToList') }),
  );
}

function stepper(stage: string): HTMLElement {
  const lost = stage === 'closed_lost';
  const steps = [...OPEN_STAGES, lost ? 'closed_lost' : 'closed_won'];
  const at = steps.indexOf(stage);
  return h(
    'ol',
    { class: `stepper ${lost ? 'stepper-lost' : ''}` },
    steps.map((s, i) => h('li', { class: i < at ? 'done' : i === at ? 'current' : '' }, h('span', { class: 'step-dot' }, String(i + 1)), h('span', null, tDyn('stage', s)))),
  );
}

function closeHint(o: Opportunity): string {
  if (!OPEN_STAGES.includes(o.stage)) return t('opp.closedOn');
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(o.close_date ?? '');
  if (!m) return '';
  const close = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((close - today) / 86400000);
  return days >= 0 ? t('opp.daysToClose', { days }) : t('opp.overdue', { days: -days });
}

function field(label: string, value: Child, testid?: string): HTMLElement {
  return h('div', { class: 'field' }, h('dt', null, label), h('dd', { 'data-testid': testid }, value));
}

function detail(o: Opportunity, users: Map<string, string>): HTMLElement {
  const p = typeof o.probability === 'number' ? o.probability : null;
  return h(
    'div',
    { class: 'page', 'data-testid': 'opportunity', 'data-id': String(o.id) },
    h('a', { class: 'back-link', href: '#/opportunities' }, '‹ ', t('opp.backToList')),
    pageHeader(o.name, `${accountName(o.account_id)} · ${o.external_id}`, stageBadge(o.stage)),
    h('section', { class: 'card' }, h('div', { class: 'card-body' }, stepper(o.stage))),
    h(
      'div',
      { class: 'kpis kpis-3' },
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('field.amount')), h('div', { class: 'kpi-value', 'data-testid': 'opp-amount' }, money(o.amount, o.currency))),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('opp.weighted')), h('div', { class: 'kpi-value' }, p === null ? '—' : money((o.amount * p) / 100, o.currency)), h('div', { class: 'kpi-detail' }, p === null ? '' : `${t('field.probability')} ${number(p, 0)}%`)),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('field.close_date')), h('div', { class: 'kpi-value' }, date(o.close_date)), h('div', { class: 'kpi-detail' }, closeHint(o))),
    ),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', null, t('opp.details'))),
      h(
        'dl',
        { class: 'card-body fields' },
        field(t('field.opportunity'), o.name),
        field(t('field.external_id'), h('span', { class: 'mono' }, o.external_id)),
        field(t('field.account'), accountName(o.account_id)),
        field(t('field.owner'), nameOf(users, o.owner_id), 'opp-owner'),
        field(t('field.stage'), stageBadge(o.stage)),
        field(t('field.forecast_category'), categoryBadge(o.forecast_category)),
        field(t('field.amount'), money(o.amount, o.currency)),
        field(t('field.currency'), o.currency),
        field(t('field.probability'), p === null ? '—' : `${number(p, 0)}%`),
        field(t('field.close_date'), date(o.close_date)),
        o.stage === 'closed_lost' ? field(t('field.lost_reason'), text(o.lost_reason)) : null,
      ),
    ),
  );
}

export function opportunityPage(el: HTMLElement, ctx: RouteContext) {
  const controller = new AbortController();
  const load = async () => {
    mount(el, loading());
    try {
      const o = await api.get<Opportunity>('opportunities', ctx.params.id, controller.signal);
      const [users] = await Promise.all([userNames(), loadAccountNames([o.account_id])]);
      if (!controller.signal.aborted) mount(el, detail(o, users));
    } catch (err) {
      if (controller.signal.aborted) return;
      // 400: an id that cannot exist (not a number) is as absent as a 404.
      if (err instanceof ApiError && (err.status === 404 || err.status === 400)) mount(el, notFound());
      else mount(el, h('div', { class: 'page' }, errorBox(err, () => void load())));
    }
  };
  void load();
  return () => controller.abort();
}
