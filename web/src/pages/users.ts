// The users list (team members, admin's users) and the team and rep-profile lists.
import type { RecordBase, User } from '../api';
import { listView, type Column } from '../components/list';
import { nameOf, teamNames, userNames } from '../directory';
import { h } from '../dom';
import { number } from '../format';
import { tDyn } from '../i18n';
import type { Cleanup } from '../router';
import { disabledBadge, roleBadge, text } from './records';

const ROLES = ['admin', 'executive', 'manager', 'rep'];

export function usersList(el: HTMLElement, query: URLSearchParams, testid: string, withAdminColumns: boolean): Cleanup {
  let users = new Map<string, string>();
  let teams = new Map<string, string>();
  const columns: Column<User>[] = [
    { key: 'name', label: 'field.name', render: (r) => h('strong', null, text(r.name)) },
    { key: 'email', label: 'field.email', render: (r) => h('a', { href: `mailto:${r.email}`, class: 'link' }, r.email) },
    { key: 'role', label: 'field.role', render: (r) => roleBadge(r.role) },
    { key: 'team_id', label: 'field.team', sortable: false, render: (r) => nameOf(teams, r.team_id) },
    { key: 'manager_id', label: 'field.manager', sortable: false, render: (r) => nameOf(users, r.manager_id) },
    { key: 'time_zone', label: 'field.time_zone', render: (r) => text(r.time_zone) },
  ];
  if (withAdminColumns) {
    columns.push(
      { key: 'locale', label: 'field.locale', render: (r) => (r.locale ? tDyn('locale', r.locale) : '—') },
      { key: 'disabled', label: 'field.status', render: (r) => disabledBadge(r.disabled) },
    );
  }
  return listView<User>(
    el,
    {
      collection: 'users',
      testid,
      defaultSort: 'name',
      filters: [{ param: 'role', allLabel: 'admin.allRoles', options: ROLES.map((r) => ({ value: r, label: tDyn('role', r) })) }],
      prepare: async () => {
        [users, teams] = await Promise.all([userNames(), teamNames()]);
      },
      columns,
    },
    query,
  );
}

export function teamsList(el: HTMLElement, query: URLSearchParams): Cleanup {
  let users = new Map<string, string>();
  let teams = new Map<string, string>();
  return listView<RecordBase>(
    el,
    {
      collection: 'teams',
      testid: 'teams',
      defaultSort: 'name',
      prepare: async () => {
        [users, teams] = await Promise.all([userNames(), teamNames()]);
      },
      columns: [
        { key: 'name', label: 'field.name', render: (r) => h('strong', null, text(r.name)) },
        { key: 'manager_id', label: 'field.manager', sortable: false, render: (r) => nameOf(users, r.manager_id) },
        { key: 'parent_id', label: 'field.parent', sortable: false, render: (r) => nameOf(teams, r.parent_id) },
        { key: 'region', label: 'field.region', render: (r) => text(r.region) },
      ],
    },
    query,
  );
}

/** Skills are stored as free text ("negotiation:4; cold calling:3"): shown as chips. */
function chips(v: unknown): HTMLElement | string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return '—';
  const parts = s.split(/[;,，；|]/).map((p) => p.trim()).filter(Boolean);
  return h('span', { class: 'chips' }, parts.map((p) => h('span', { class: 'chip' }, p)));
}

export function profilesList(el: HTMLElement, query: URLSearchParams): Cleanup {
  let users = new Map<string, string>();
  return listView<RecordBase>(
    el,
    {
      collection: 'rep_profiles',
      testid: 'rep-profiles',
      defaultSort: '-experience_years',
      prepare: async () => {
        users = await userNames();
      },
      columns: [
        { key: 'user_id', label: 'field.rep', sortable: false, render: (r) => h('strong', null, nameOf(users, r.user_id)) },
        { key: 'skills', label: 'field.skills', sortable: false, render: (r) => chips(r.skills) },
        { key: 'experience_years', label: 'field.experience_years', numeric: true, render: (r) => number(r.experience_years as number, 1) },
        { key: 'weekly_capacity_hours', label: 'field.weekly_capacity_hours', numeric: true, render: (r) => number(r.weekly_capacity_hours as number, 1) },
        { key: 'strengths', label: 'field.strengths', sortable: false, render: (r) => h('span', { class: 'clamp' }, text(r.strengths)) },
        { key: 'weaknesses', label: 'field.weaknesses', sortable: false, render: (r) => h('span', { class: 'clamp' }, text(r.weaknesses)) },
        { key: 'home_city', label: 'field.home_city', render: (r) => text(r.home_city) },
      ],
    },
    query,
  );
}
