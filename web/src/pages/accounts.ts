// 客户: the accounts the user may see.
import type { RecordBase } from '../api';
import { listView } from '../components/list';
import { pageHeader } from '../components/ui';
import { nameOf, userNames } from '../directory';
import { h, mount } from '../dom';
import { t } from '../i18n';
import type { RouteContext } from '../router';
import { moneyCell, text } from './records';

export async function accountsPage(el: HTMLElement, ctx: RouteContext) {
  const body = h('div');
  mount(el, h('div', { class: 'page' }, pageHeader(t('accounts.title'), t('accounts.subtitle')), h('section', { class: 'card' }, body)));
  let users = new Map<string, string>();
  return listView<RecordBase>(
    body,
    {
      collection: 'accounts',
      testid: 'accounts',
      defaultSort: 'name',
      prepare: async () => {
        users = await userNames();
      },
      columns: [
        { key: 'external_id', label: 'field.external_id', render: (r) => h('span', { class: 'mono' }, text(r.external_id)) },
        { key: 'name', label: 'field.name', render: (r) => h('strong', null, text(r.name)) },
        { key: 'industry', label: 'field.industry', render: (r) => text(r.industry) },
        { key: 'city', label: 'field.city', render: (r) => text(r.city) },
        { key: 'country', label: 'field.country', render: (r) => text(r.country) },
        { key: 'territory', label: 'field.territory', render: (r) => text(r.territory) },
        { key: 'potential', label: 'field.potential', numeric: true, render: (r) => moneyCell(r.potential, r.currency) },
        { key: 'owner_id', label: 'field.owner', sortable: false, render: (r) => nameOf(users, r.owner_id) },
      ],
    },
    ctx.query,
  );
}
