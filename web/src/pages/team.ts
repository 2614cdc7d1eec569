// 团队: members, skills & strengths (rep profiles) and teams.
import { pageHeader, tabs } from '../components/ui';
import { h, mount } from '../dom';
import { t } from '../i18n';
import type { RouteContext } from '../router';
import { profilesList, teamsList, usersList } from './users';

const TABS = [
  { id: 'members', label: 'team.tab.members' },
  { id: 'skills', label: 'team.tab.skills' },
  { id: 'teams', label: 'team.tab.teams' },
] as const;

export function teamPage(el: HTMLElement, ctx: RouteContext) {
  const tab = TABS.find((x) => x.id === ctx.query.get('tab'))?.id ?? 'members';
  const body = h('div');
  const coming = h(
    'section',
    { class: 'card card-note' },
    h('div', { class: 'card-head' }, h('h2', null, t('team.coming.title')), h('span', { class: 'badge badge-amber' }, t('soon.badge'))),
    h('ul', { class: 'plain-list' }, (['team.coming.item1', 'team.coming.item2', 'team.coming.item3', 'team.coming.item4'] as const).map((k) => h('li', null, t(k)))),
  );
  mount(el, h('div', { class: 'page' }, pageHeader(t('team.title'), t('team.subtitle')), tabs([...TABS], tab, '/team'), h('section', { class: 'card' }, body), coming));
  if (tab === 'skills') return profilesList(body, ctx.query);
  if (tab === 'teams') return teamsList(body, ctx.query);
  return usersList(body, ctx.query, 'team-members', false);
}
