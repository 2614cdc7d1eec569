// 管理: users and the audit log, for administrators only.
import type { RecordBase } from '../api';
import { listView } from '../components/list';
import { pageHeader, tabs } from '../components/ui';
import { nameOf, userNames } from '../directory';
import { h, mount } from '../dom';
import { dateTime } from '../format';
import { t } from '../i18n';
import type { RouteContext } from '../router';
import { isAdmin } from '../session';
import { text } from './records';
import { usersList } from './users';

const TABS = [
  { id: 'users', label: 'admin.tab.users' },
  { id: 'audit', label: 'admin.tab.audit' },
] as const;

/** The audit log's fields are not in docs/api.md yet: show the usual ones when present. */
function auditList(el: HTMLElement, query: URLSearchParams) {
  let users = new Map<string, string>();
  const when = (r: RecordBase) => r.at ?? r.created_at ?? r.time ?? r.timestamp;
  return listView<RecordBase>(
    el,
    {
      collection: 'audit',
      testid: 'audit',
      defaultSort: '-id',
      prepare: async () => {
        users = await userNames();
      },
      columns: [
        { key: 'id', label: 'audit.id', render: (r) => h('span', { class: 'mono' }, String(r.id)) },
        { key: 'at', label: 'audit.when', sortable: false, render: (r) => dateTime(when(r) as string) },
        { key: 'user_id', label: 'audit.actor', render: (r) => nameOf(users, r.user_id ?? r.actor_id) },
        { key: 'action', label: 'audit.action', sortable: false, render: (r) => text(r.action ?? r.event) },
        { key: 'kind', label: 'audit.record', sortable: false, render: (r) => h('span', { class: 'mono' }, [text(r.kind ?? r.collection ?? r.entity), r.record_id ? ` #${String(r.record_id)}` : ''].join('')) },
      ],
    },
    query,
  );
}

export function adminPage(el: HTMLElement, ctx: RouteContext) {
  if (!isAdmin()) {
    mount(el, h('div', { class: 'page' }, pageHeader(t('admin.title')), h('div', { class: 'state state-error', 'data-testid': 'forbidden' }, t('admin.forbidden'))));
    return;
  }
  const tab = TABS.find((x) => x.id === ctx.query.get('tab'))?.id ?? 'users';
  const body = h('div');
  mount(el, h('div', { class: 'page' }, pageHeader(t('admin.title'), t('admin.subtitle')), tabs([...TABS], tab, '/admin'), h('section', { class: 'card' }, body)));
  if (tab === 'audit') return auditList(body, ctx.query);
  return usersList(body, ctx.query, 'admin-users', true);
}
