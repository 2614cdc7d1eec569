// Small shared building blocks: page header, card, tabs, badges, states.
import { ApiError } from '../api';
import { h, type Child } from '../dom';
import { t, type MessageKey } from '../i18n';

export function pageHeader(title: string, subtitle?: string, ...actions: Child[]): HTMLElement {
  return h(
    'header',
    { class: 'page-header' },
    h('div', { class: 'page-titles' }, h('h1', null, title), subtitle ? h('p', { class: 'page-subtitle' }, subtitle) : null),
    actions.length ? h('div', { class: 'page-actions' }, ...actions) : null,
  );
}

export function card(title: string | null, body: Child, opts: { class?: string; testid?: string; extra?: Child } = {}): HTMLElement {
  return h(
    'section',
    { class: `card ${opts.class ?? ''}`, 'data-testid': opts.testid },
    title ? h('div', { class: 'card-head' }, h('h2', null, title), opts.extra ?? null) : null,
    h('div', { class: 'card-body' }, body),
  );
}

export interface Tab {
  id: string;
  label: MessageKey;
}

/** Tabs that switch by setting ?tab= in the hash. */
export function tabs(items: Tab[], active: string, basePath: string): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', role: 'tablist' },
    items.map((tab) =>
      h(
        'a',
        {
          class: `tab ${tab.id === active ? 'active' : ''}`,
          role: 'tab',
          'aria-selected': tab.id === active ? 'true' : 'false',
          href: `#${basePath}?tab=${tab.id}`,
          'data-testid': `tab-${tab.id}`,
        },
        t(tab.label),
      ),
    ),
  );
}

export function badge(text: string, tone: string): HTMLElement {
  return h('span', { class: `badge badge-${tone}` }, text);
}

export function loading(): HTMLElement {
  return h('div', { class: 'state state-loading', role: 'status' }, h('span', { class: 'spinner' }), t('app.loading'));
}

/** The message to show for a failed call. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 403) return err.problem.detail || t('error.forbidden');
    return err.problem.detail || err.problem.title || t('error.status', { status: err.status });
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The text of a failed call; when the problem names a member of the request, it is said
 * first by the page's name for it (`label` maps API member names, e.g. "tau" → "τ").
 */
export function fieldProblemText(err: unknown, label: (field: string) => string): string {
  const text = errorText(err);
  if (err instanceof ApiError && err.problem.field) return t('app.fieldError', { field: label(err.problem.field), detail: text });
  return text;
}

/** Whether a failed load means "no such scope": 404, or a 400 about the scope. */
export function isScopeNotFound(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || (err.status === 400 && err.problem.field === 'scope'));
}

export function errorBox(err: unknown, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state state-error', role: 'alert', 'data-testid': 'error' },
    h('strong', null, t('error.title')),
    h('p', null, errorText(err)),
    retry ? h('button', { class: 'btn btn-secondary', type: 'button', onclick: () => retry() }, t('app.retry')) : null,
  );
}

export function empty(text = t('list.empty')): HTMLElement {
  return h('div', { class: 'state state-empty' }, text);
}

/** A thin horizontal bar showing a ratio (attainment); over 100% turns green. */
export function ratioBar(ratio: number | null | undefined): HTMLElement {
  const r = ratio ?? 0;
  const tone = ratio === null || ratio === undefined ? 'none' : r >= 1 ? 'good' : r >= 0.7 ? 'mid' : 'low';
  return h(
    'span',
    { class: `ratio-bar ratio-${tone}` },
    h('span', { class: 'ratio-fill', style: `width:${Math.max(0, Math.min(1, r)) * 100}%` }),
  );
}

/**
 * The "not found" state of a page (`data-testid` = `testid`, role alert): a "?" icon, the
 * `title` and `text`, and a primary link back when `back` is given.
 */
export function notFoundState(testid: string, title: string, text: string, back: { href: string; label: string } | null): HTMLElement {
  return h(
    'div',
    { class: 'not-found', role: 'alert', 'data-testid': testid },
    h('div', { class: 'not-found-icon', 'aria-hidden': 'true' }, '?'),
    h('h1', null, title),
    h('p', null, text),
    back ? h('a', { class: 'btn btn-primary', href: back.href }, back.label) : null,
  );
}
