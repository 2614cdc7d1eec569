// 商机: the opportunity list, filterable by stage.
import type { Opportunity } from '../api';
import { STAGES } from '../charts';
import { listView } from '../components/list';
import { pageHeader } from '../components/ui';
import { accountName, loadAccountNames, nameOf, userNames } from '../directory';
import { h, mount } from '../dom';
import { date, number } from '../format';
import { t, tDyn } from '../i18n';
import type { RouteContext } from '../router';
import { categoryBadge, link, moneyCell, opportunityHref, stageBadge, text } from './records';

export async function opportunitiesPage(el: HTMLElement, ctx: RouteContext) {
  const body = h('div');
  mount(el, h('div', { class: 'page' }, pageHeader(t('opps.title'), t('opps.subtitle')), h('section', { class: 'card' }, body)));
  let users = new Map<string, string>();
  return listView<Opportunity>(
    body,
    {
      collection: 'opportunities',
      testid: 'opportunities',
      defaultSort: 'close_date',
      filters: [{ param: 'stage', allLabel: 'opps.allStages', options: STAGES.map((s) => ({ value: s, label: tDyn('stage', s) })) }],
      prepare: async (rows) => {
        [users] = await Promise.all([userNames(), loadAccountNames(rows.map((r) => r.account_id))]);
      },
      href: (r) => opportunityHref(r.id),
      columns: [
        { key: 'name', label: 'field.opportunity', render: (r) => link(opportunityHref(r.id), text(r.name)) },
        { key: 'account_id', label: 'field.account', sortable: false, render: (r) => accountName(r.account_id) },
        { key: 'stage', label: 'field.stage', render: (r) => stageBadge(r.stage) },
        { key: 'amount', label: 'field.amount', numeric: true, render: (r) => moneyCell(r.amount, r.currency) },
        { key: 'close_date', label: 'field.close_date', render: (r) => date(r.close_date) },
        { key: 'probability', label: 'field.probability', numeric: true, render: (r) => (r.probability === null || r.probability === undefined ? '—' : `${number(r.probability, 0)}%`) },
        { key: 'forecast_category', label: 'field.forecast_category', render: (r) => categoryBadge(r.forecast_category) },
        { key: 'owner_id', label: 'field.owner', sortable: false, render: (r) => nameOf(users, r.owner_id) },
      ],
    },
    ctx.query,
  );
}
