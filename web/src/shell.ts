// The frame around every signed-in page: left navigation (one entry per module of
// DESIGN.md), and a header with the user, the language switch and sign-out.
import type { Me } from './api';
import { h, icon, mount } from './dom';
import { getLocale, LOCALES, setLocale, t, tDyn, type MessageKey } from './i18n';

interface NavItem {
  id: string;
  href: string;
  label: MessageKey;
  icon: string[];
  soon?: boolean;
  adminOnly?: boolean;
}

const I = {
  dashboard: ['M4 13h6V4H4z', 'M14 20h6v-9h-6z', 'M14 4h6v4h-6z', 'M4 20h6v-3H4z'],
  team: ['M16 20v-1.5a3.5 3.5 0 0 0-3.5-3.5h-5A3.5 3.5 0 0 0 4 18.5V20', 'M10 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M20 20v-1.5a3.5 3.5 0 0 0-2.5-3.35', 'M15.5 4.2a3.5 3.5 0 0 1 0 6.6'],
  accounts: ['M4 20V6a1 1 0 0 1 1-1h8a1 1 0 0 1 1 1v14', 'M14 10h5a1 1 0 0 1 1 1v9', 'M3 20h18', 'M8 9h2', 'M8 13h2', 'M8 17h2'],
  opportunities: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M12 12h.01'],
  sales: ['M4 19h16', 'M7 15l4-4 3 3 6-6', 'M16 8h4v4'],
  forecast: ['M3 17l5-5 4 3 8-8', 'M3 21h18', 'M17 7h3v3'],
  territories: ['M9 4L3 6v14l6-2 6 2 6-2V4l-6 2z', 'M9 4v14', 'M15 6v14'],
  delegation: ['M8 7a3 3 0 1 0 0-.01', 'M3 20v-1a5 5 0 0 1 8.5-3.5', 'M15 12h6', 'M18 9l3 3-3 3'],
  meetings: ['M4 6h16v13H4z', 'M4 10h16', 'M8 3v4', 'M16 3v4'],
  time: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
  io: ['M7 4v12', 'M4 13l3 3 3-3', 'M17 20V8', 'M14 11l3-3 3 3'],
  admin: ['M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z', 'M9 12l2 2 4-4'],
  menu: ['M4 6h16', 'M4 12h16', 'M4 18h16'],
  signOut: ['M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3', 'M10 17l5-5-5-5', 'M15 12H4'],
};

const GROUPS: { label: MessageKey; items: NavItem[] }[] = [
  {
    label: 'nav.group.work',
    items: [
      { id: 'dashboard', href: '#/dashboard', label: 'nav.dashboard', icon: I.dashboard },
      { id: 'team', href: '#/team', label: 'nav.team', icon: I.team },
      { id: 'accounts', href: '#/accounts', label: 'nav.accounts', icon: I.accounts },
      { id: 'opportunities', href: '#/opportunities', label: 'nav.opportunities', icon: I.opportunities },
      { id: 'sales', href: '#/sales', label: 'nav.sales', icon: I.sales },
    ],
  },
  {
    label: 'nav.group.plan',
    items: [
      { id: 'forecast', href: '#/forecast', label: 'nav.forecast', icon: I.forecast },
      { id: 'territories', href: '#/territories', label: 'nav.territories', icon: I.territories },
      { id: 'delegation', href: '#/delegation', label: 'nav.delegation', icon: I.delegation, soon: true },
      { id: 'meetings', href: '#/meetings', label: 'nav.meetings', icon: I.meetings, soon: true },
      { id: 'time', href: '#/time', label: 'nav.time', icon: I.time, soon: true },
    ],
  },
  {
    label: 'nav.group.data',
    items: [
      { id: 'import-export', href: '#/import-export', label: 'nav.importExport', icon: I.io },
      { id: 'admin', href: '#/admin', label: 'nav.admin', icon: I.admin, adminOnly: true },
    ],
  },
];

/** The 中文 | English switch; switching re-renders the whole app. */
export function languageSwitch(): HTMLElement {
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': t('header.language'), 'data-testid': 'lang-switch' },
    LOCALES.map((l) =>
      h(
        'button',
        {
          type: 'button',
          class: l === getLocale() ? 'active' : '',
          'aria-pressed': l === getLocale() ? 'true' : 'false',
          lang: l,
          'data-testid': `lang-${l}`,
          onclick: () => setLocale(l),
        },
        tDyn('locale', l),
      ),
    ),
  );
}

function initials(name: string): string {
  const s = name.trim();
  if (!s) return '?';
  if (/[\u3400-\u9fff]/.test(s[0])) return s.length > 3 ? s[0] : s.slice(-2);
  const parts = s.split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

export interface Shell {
  root: HTMLElement;
  content: HTMLElement;
  setActive(navId: string): void;
}

export function buildShell(me: Me, onSignOut: () => void): Shell {
  const links = new Map<string, HTMLAnchorElement>();
  const closeNav = () => document.body.classList.remove('nav-open');
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': t('header.menu'), 'data-testid': 'nav' },
    GROUPS.map((g) => {
      const items = g.items.filter((it) => !it.adminOnly || me.role === 'admin');
      return h(
        'div',
        { class: 'nav-group' },
        h('div', { class: 'nav-group-label' }, t(g.label)),
        items.map((it) => {
          const a = h(
            'a',
            { class: 'nav-link', href: it.href, 'data-testid': `nav-${it.id}`, onclick: closeNav },
            icon(it.icon),
            h('span', { class: 'nav-text' }, t(it.label)),
            it.soon ? h('span', { class: 'nav-soon' }, t('nav.soon')) : null,
          );
          links.set(it.id, a);
          return a;
        }),
      );
    }),
  );
  const content = h('main', { class: 'content', id: 'content', tabindex: '-1' });
  const root = h(
    'div',
    { class: 'app' },
    h(
      'aside',
      { class: 'sidebar' },
      h('a', { class: 'brand', href: '#/dashboard' }, h('span', { class: 'brand-mark' }, 'sd'), h('span', { class: 'brand-text' }, h('b', null, t('app.name')), h('small', null, t('app.tagline')))),
      nav,
    ),
    h('div', { class: 'scrim', onclick: closeNav }),
    h(
      'div',
      { class: 'main-col' },
      h(
        'header',
        { class: 'topbar' },
        h('button', { class: 'icon-btn menu-btn', type: 'button', 'aria-label': t('header.menu'), onclick: () => document.body.classList.toggle('nav-open') }, icon(I.menu, 20)),
        h('span', { class: 'spacer' }),
        languageSwitch(),
        h(
          'div',
          { class: 'user', 'data-testid': 'user' },
          h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(me.name)),
          h('span', { class: 'user-text' }, h('b', { 'data-testid': 'user-name' }, me.name), h('small', null, tDyn('role', me.role))),
        ),
        h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'sign-out', onclick: onSignOut }, icon(I.signOut, 16), h('span', { class: 'hide-sm' }, t('header.signOut'))),
      ),
      content,
    ),
  );
  return {
    root,
    content,
    setActive(navId: string) {
      for (const [id, a] of links) {
        a.classList.toggle('active', id === navId);
        if (id === navId) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
  };
}

export function mountShell(app: HTMLElement, shell: Shell): void {
  mount(app, shell.root);
}
