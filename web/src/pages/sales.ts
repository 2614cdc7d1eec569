// 销售记录: booked sales lines.
import type { RecordBase } from '../api';
import { listView } from '../components/list';
import { pageHeader } from '../components/ui';
import { accountName, loadAccountNames, nameOf, productNames, userNames } from '../directory';
import { h, mount } from '../dom';
import { date, number } from '../format';
import { t } from '../i18n';
import type { RouteContext } from '../router';
import { moneyCell } from './records';

export async function salesPage(el: HTMLElement, ctx: RouteContext) {
  const body = h('div');
  mount(el, h('div', { class: 'page' }, pageHeader(t('sales.title'), t('sales.subtitle')), h('section', { class: 'card' }, body)));
  let users = new Map<string, string>();
  let products = new Map<string, string>();
  return listView<RecordBase>(
    body,
    {
      collection: 'sales',
      testid: 'sales',
      defaultSort: '-date',
      prepare: async (rows) => {
        [users, products] = await Promise.all([userNames(), productNames(), loadAccountNames(rows.map((r) => r.account_id))]);
      },
      columns: [
        { key: 'date', label: 'field.date', render: (r) => date(r.date as string) },
        { key: 'account_id', label: 'field.account', sortable: false, render: (r) => accountName(r.account_id) },
        { key: 'product_id', label: 'field.product', sortable: false, render: (r) => nameOf(products, r.product_id) },
        { key: 'rep_id', label: 'field.rep', sortable: false, render: (r) => nameOf(users, r.rep_id) },
        { key: 'quantity', label: 'field.quantity', numeric: true, render: (r) => number(r.quantity as number) },
        { key: 'amount', label: 'field.amount', numeric: true, render: (r) => moneyCell(r.amount, r.currency) },
      ],
    },
    ctx.query,
  );
}
