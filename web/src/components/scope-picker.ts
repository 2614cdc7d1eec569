// The planning scope picker shared by the forecast sheet, the territory map and the
// territory plans: the signed-in user's scopes (GET /forecast/scopes) in a <select>, and
// the page start-up that loads them (error box with retry, or an empty state when the user
// reaches no scope).
import { api, type ForecastScope } from '../api';
import { empty, errorBox } from './ui';
import { h, mount } from '../dom';
import { t, tDyn } from '../i18n';

/** Scopes in hierarchy order (each followed by the scopes under it) with their depth. */
export function scopeTree(scopes: ForecastScope[]): { scope: ForecastScope; depth: number }[] {
  const keys = new Set(scopes.map((s) => s.key));
  const children = new Map<string, ForecastScope[]>();
  const roots: ForecastScope[] = [];
  for (const s of scopes) {
    if (s.parent && keys.has(s.parent) && s.parent !== s.key) {
      const list = children.get(s.parent) ?? [];
      list.push(s);
      children.set(s.parent, list);
    } else {
      roots.push(s);
    }
  }
  const out: { scope: ForecastScope; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (s: ForecastScope, depth: number) => {
    if (seen.has(s.key)) return;
    seen.add(s.key);
    out.push({ scope: s, depth });
    for (const c of children.get(s.key) ?? []) walk(c, depth + 1);
  };
  roots.forEach((r) => walk(r, 0));
  scopes.forEach((s) => walk(s, 0)); // anything left by a cycle
  return out;
}

/** A scope's name in a picker: "the whole organisation", else "name (level)". */
export function scopeLabel(scope: ForecastScope): string {
  return scope.level === 'org' ? t('fc.level.org') : t('fc.scopeOption', { name: scope.name, level: tDyn('fc.level', scope.level) });
}

/** One <option> per scope in hierarchy order, indented by depth (`indent` per level), valued by scope key. */
export function scopeOptions(scopes: ForecastScope[], indent = '\u00a0\u00a0\u00a0\u00a0'): HTMLOptionElement[] {
  return scopeTree(scopes).map(({ scope, depth }) =>
    h('option', { value: scope.key, 'data-level': scope.level, 'data-depth': depth }, indent.repeat(depth) + scopeLabel(scope)),
  );
}

/** Where a page's start-up shows what went wrong, and how it tries again. */
export interface ScopeStart {
  root: HTMLElement; // gets data-state="error" or "empty"
  content: HTMLElement; // gets the error box or the empty note
  signal: AbortSignal; // the page's current load; when aborted nothing is touched
  emptyText: string; // shown when the user reaches no scope
  retry: () => void; // the error box's "try again"
}

export interface ScopePickerOptions {
  testid: string;
  label: string; // the select's accessible name
  /** Called with the new value when the user picks another option. */
  onChange: (value: string) => void;
  /** Which of the user's scopes to offer (default: all). */
  choose?: (scopes: ForecastScope[]) => ForecastScope[];
  /** Offer names only, valued by user id (the plans page picks a rep), instead of the indented hierarchy by scope key. */
  byUser?: boolean;
}

/**
 * The header's scope picker. `start()` loads the scopes once at page start-up; `show()`
 * fills the options and selects a value. Not thread-safe in any sense that matters in a
 * browser: one picker per page.
 */
export class ScopePicker {
  readonly select: HTMLSelectElement;
  /** The scopes offered, after `start()` resolved to true. */
  scopes: ForecastScope[] = [];
  private readonly opts: ScopePickerOptions;

  constructor(opts: ScopePickerOptions) {
    this.opts = opts;
    this.select = h('select', {
      class: 'input input-sm scope-select',
      'data-testid': opts.testid,
      'aria-label': opts.label,
      onchange: () => opts.onChange(this.select.value),
    });
  }

  /**
   * Loads the scopes. Resolves to true when there is at least one to offer. Otherwise
   * resolves to false having shown why in `start.content` (root data-state "error" with a
   * retry, or "empty" with the picker disabled) — or having touched nothing when
   * `start.signal` was aborted meanwhile.
   */
  async start(start: ScopeStart): Promise<boolean> {
    let all: ForecastScope[];
    try {
      all = await api.forecastScopes(start.signal);
    } catch (err) {
      if (start.signal.aborted || (err as Error).name === 'AbortError') return false;
      start.root.dataset.state = 'error';
      mount(start.content, errorBox(err, start.retry));
      return false;
    }
    if (start.signal.aborted) return false;
    this.scopes = this.opts.choose ? this.opts.choose(all) : all;
    if (!this.scopes.length) {
      start.root.dataset.state = 'empty';
      this.select.disabled = true;
      mount(start.content, empty(start.emptyText));
      return false;
    }
    return true;
  }

  /** Fills the options and selects `value`; nothing is selected when `value` is not offered. */
  show(value: string): void {
    const options = this.opts.byUser
      ? this.scopes.map((s) => h('option', { value: String(s.user_id) }, s.name))
      : scopeOptions(this.scopes);
    mount(this.select, options);
    this.select.value = value;
    if (this.select.value !== value) this.select.selectedIndex = -1;
  }
}
