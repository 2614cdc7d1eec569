// Shared cell renderers for record lists.
import type { Id } from '../api';
import { badge } from '../components/ui';
import { h } from '../dom';
import { money } from '../format';
import { t, tDyn } from '../i18n';

const STAGE_TONES: Record<string, string> = {
  prospecting: 'slate',
  qualification: 'sky',
  proposal: 'blue',
  negotiation: 'indigo',
  closed_won: 'green',
  closed_lost: 'red',
};
const CATEGORY_TONES: Record<string, string> = {
  pipeline: 'slate',
  best_case: 'sky',
  commit: 'blue',
  closed: 'green',
  omitted: 'muted',
};
const ROLE_TONES: Record<string, string> = { admin: 'red', executive: 'indigo', manager: 'blue', rep: 'slate' };

export const stageBadge = (s: unknown) => badge(tDyn('stage', String(s ?? '')), STAGE_TONES[String(s)] ?? 'slate');
export const categoryBadge = (c: unknown) => badge(tDyn('category', String(c ?? '')), CATEGORY_TONES[String(c)] ?? 'slate');
export const roleBadge = (r: unknown) => badge(tDyn('role', String(r ?? '')), ROLE_TONES[String(r)] ?? 'slate');

export function moneyCell(amount: unknown, currency: unknown): string {
  return typeof amount === 'number' ? money(amount, typeof currency === 'string' ? currency : undefined) : '—';
}

export function text(v: unknown): string {
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

export function link(href: string, label: string): HTMLElement {
  return h('a', { href, class: 'link' }, label);
}

export function opportunityHref(id: Id): string {
  return `#/opportunities/${encodeURIComponent(String(id))}`;
}

export function disabledBadge(v: unknown) {
  return v === true || v === 1 || v === '1' ? badge(t('user.disabled'), 'muted') : badge(t('user.active'), 'green');
}
