// Number, money, percent and date formatting through Intl in the current locale.
import { getLocale } from './i18n';

const cache = new Map<string, Intl.NumberFormat>();

function nf(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = getLocale() + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(getLocale(), options);
    cache.set(key, f);
  }
  return f;
}

function validCurrency(code: string | null | undefined): string {
  return code && /^[A-Z]{3}$/.test(code) ? code : 'CNY';
}

/** Money in major units with its currency, e.g. ¥1,234.50. */
export function money(amount: number | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return nf({ style: 'currency', currency: validCurrency(currency) }).format(amount);
}

/** Money rounded for tiles and axes: ¥1,235万 in zh-CN, CN¥12.3M in en. */
export function moneyCompact(amount: number | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return nf({
    style: 'currency',
    currency: validCurrency(currency),
    notation: 'compact',
    maximumFractionDigits: Math.abs(amount) >= 1000 ? 1 : 0,
  }).format(amount);
}

export function number(n: number | null | undefined, maxFraction = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return nf({ maximumFractionDigits: maxFraction }).format(n);
}

export function compactNumber(n: number): string {
  return nf({ notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** A ratio (0.87) as a percent (87.0%). */
export function percent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

/** A calendar date "2026-03-31" shown in the locale's medium style, without time-zone shifts. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A calendar date in the locale's short style (2026/3/31, 3/31/26). */
export function dateShort(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(getLocale(), { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A UTC timestamp shown in the browser's time zone. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "2026-03" as a short month label ("3月" / "Mar 2026"). */
export function month(ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m) return ym;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(getLocale(), { year: '2-digit', month: 'short', timeZone: 'UTC' }).format(d);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${number(n / 1024, 1)} KB`;
  return `${number(n / 1024 / 1024, 1)} MB`;
}
