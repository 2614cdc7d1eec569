// Translation: t('key', {param}) looks the key up in the current catalogue. The locale is
// the one the user picked (localStorage), else the browser's language.
import en, { type MessageKey, type Messages } from './en';
import zhCN from './zh-CN';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'salesdesk.locale';

function detect(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    /* storage unavailable: fall through */
  }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const lang of langs) {
    const l = (lang || '').toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

let current: Locale = detect();
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

/** Switches the language, remembers it, and tells every listener to re-render. */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* not remembered: still switch */
  }
  document.documentElement.lang = locale;
  for (const fn of listeners) fn();
}

export function onLocaleChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The message for `key` with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[current][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** t() for keys built at run time (enum values); falls back to the raw value. */
export function tDyn(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  return key in en ? t(key) : value;
}

document.documentElement.lang = current;

/** Two sentences in a row: Chinese runs them together, English puts a space between. */
export function sentences(...parts: string[]): string {
  return parts.filter(Boolean).join(current === 'zh-CN' ? '' : ' ');
}
