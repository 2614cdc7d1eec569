// The forecast sheet's charts: the fan chart (history, one source's forecast with its 80%
// and 95% intervals, the suggested combination and the committed figures) and the
// accuracy league as bars of MASE. Labels come in translated; numbers go through format.ts.
import { TEXT, tooltipRows, type Option } from './charts';
import { compactNumber, money, month, number, percent } from './format';
import { t } from './i18n';

export const FAN_COLORS = {
  history: '#1e3a8a',
  forecast: '#2563eb',
  band80: 'rgba(37, 99, 235, 0.26)',
  band95: 'rgba(37, 99, 235, 0.11)',
  suggested: '#f59e0b',
  committed: '#16a34a',
  good: '#22c55e',
  fair: '#f59e0b',
  poor: '#ef4444',
};

type Num = number | null | undefined;

export interface FanInput {
  currency: string;
  historyMonths: string[];
  history: Num[];
  months: string[];
  /** The source whose fan is drawn, or null when there is none to draw. */
  fan: { label: string; mean: Num[]; lo80: Num[]; hi80: Num[]; lo95: Num[]; hi95: Num[] } | null;
  suggested: Num[];
  committed: Num[];
}

const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);
const nulls = (n: number): (number | null)[] => Array.from({ length: n }, () => null);

export function fanOption(d: FanInput): Option {
  const nH = d.history.length;
  const nF = d.months.length;
  const labels = [...d.historyMonths, ...d.months].map(month);
  const last = nH ? d.history[nH - 1] : null;
  const anchor = fin(last) ? last : null;
  // Forecast lines start at the last actual month so that they join the history.
  const joined = (vals: Num[]) => [...nulls(Math.max(0, nH - 1)), ...(nH ? [anchor] : []), ...vals.map((v) => (fin(v) ? v : null))];
  const band = (lo: Num[], hi: Num[]) => ({
    base: joined(lo),
    width: joined(lo.map((l, i) => (fin(l) && fin(hi[i]) ? Math.max(0, (hi[i] as number) - l) : null))).map((v, i) => (i === nH - 1 ? 0 : v)),
  });
  const historyName = t('fc.chart.actual');
  const forecastName = d.fan ? d.fan.label : t('fc.chart.forecast');
  const name80 = t('fc.chart.band80');
  const name95 = t('fc.chart.band95');
  const suggestedName = t('fc.chart.suggested');
  const committedName = t('fc.chart.committed');
  const hasBand = (lo: Num[], hi: Num[]) => lo.some(fin) && hi.some(fin);
  const bandSeries = (name: string, stack: string, lo: Num[], hi: Num[], color: string) => {
    const b = band(lo, hi);
    return [
      { name: `__${stack}`, type: 'line' as const, stack, data: b.base, symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, z: 1 },
      { name, type: 'line' as const, stack, data: b.width, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 1 }, itemStyle: { color }, silent: true, z: 1 },
    ];
  };
  const series: NonNullable<Option['series']> = [];
  const legend: string[] = [historyName];
  if (d.fan && hasBand(d.fan.lo95, d.fan.hi95)) {
    series.push(...bandSeries(name95, 'b95', d.fan.lo95, d.fan.hi95, FAN_COLORS.band95));
    legend.push(name95);
  }
  if (d.fan && hasBand(d.fan.lo80, d.fan.hi80)) {
    series.push(...bandSeries(name80, 'b80', d.fan.lo80, d.fan.hi80, FAN_COLORS.band80));
    legend.push(name80);
  }
  series.push({
    name: historyName,
    type: 'line',
    data: [...d.history.map((v) => (fin(v) ? v : null)), ...nulls(nF)],
    symbolSize: 4,
    showSymbol: false,
    itemStyle: { color: FAN_COLORS.history },
    lineStyle: { width: 2.2 },
    z: 4,
    markLine: nH
      ? {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#94a3b8', type: 'dotted', width: 1 },
          label: { show: true, position: 'end', formatter: t('fc.chart.forecastStart'), color: '#64748b', fontSize: 11 },
          data: [{ xAxis: labels[nH - 1] }],
        }
      : undefined,
  });
  if (d.fan) {
    series.push({
      name: forecastName,
      type: 'line',
      data: joined(d.fan.mean),
      symbolSize: 6,
      itemStyle: { color: FAN_COLORS.forecast },
      lineStyle: { width: 2.2, type: 'dashed' },
      z: 5,
    });
    legend.push(forecastName);
  }
  if (d.suggested.some(fin)) {
    series.push({
      name: suggestedName,
      type: 'line',
      data: joined(d.suggested),
      symbol: 'circle',
      symbolSize: 5,
      itemStyle: { color: FAN_COLORS.suggested },
      lineStyle: { width: 1.8, type: 'dotted' },
      z: 6,
    });
    legend.push(suggestedName);
  }
  if (d.committed.some(fin)) {
    series.push({
      name: committedName,
      type: 'line',
      data: [...nulls(nH), ...d.committed.map((v) => (fin(v) ? v : null))],
      symbol: 'diamond',
      symbolSize: 13,
      showAllSymbol: true,
      lineStyle: { width: 0, opacity: 0 },
      itemStyle: { color: FAN_COLORS.committed, borderColor: '#fff', borderWidth: 1.5 },
      z: 7,
    });
    legend.push(committedName);
  }
  const range = (lo: Num, hi: Num) => (fin(lo) && fin(hi) ? `${money(lo, d.currency)} – ${money(hi, d.currency)}` : '—');
  return {
    grid: { left: 8, right: 20, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, textStyle: TEXT, data: legend, itemWidth: 18, itemHeight: 10 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const title = labels[i] ?? '';
        if (i < nH) return tooltipRows(title, [[FAN_COLORS.history, historyName, money(d.history[i], d.currency)]]);
        const k = i - nH;
        const rows: [string, string, string?][] = [];
        if (d.fan) {
          rows.push([FAN_COLORS.forecast, forecastName, money(d.fan.mean[k], d.currency)]);
          if (fin(d.fan.lo80[k])) rows.push([FAN_COLORS.band80, name80, range(d.fan.lo80[k], d.fan.hi80[k])]);
          if (fin(d.fan.lo95[k])) rows.push([FAN_COLORS.band95, name95, range(d.fan.lo95[k], d.fan.hi95[k])]);
        }
        if (fin(d.suggested[k])) rows.push([FAN_COLORS.suggested, suggestedName, money(d.suggested[k], d.currency)]);
        if (fin(d.committed[k])) rows.push([FAN_COLORS.committed, committedName, money(d.committed[k], d.currency)]);
        return tooltipRows(title, rows);
      },
    },
    xAxis: { type: 'category', boundaryGap: false, data: labels, axisLabel: TEXT, axisTick: { show: false } },
    yAxis: { type: 'value', scale: true, axisLabel: { ...TEXT, formatter: (v: number) => compactNumber(v) }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    dataZoom: [{ type: 'inside', filterMode: 'none' }],
    series,
  };
}

export interface LeagueBar {
  label: string;
  mase: number | null;
  bias: number | null;
  n: number;
}

/** Horizontal bars of MASE, best at the top; below 1 beats last year's same month. */
export function leagueOption(rows: LeagueBar[]): Option {
  const shown = [...rows].reverse();
  const tone = (m: number | null) => (m === null ? '#cbd5e1' : m < 0.8 ? FAN_COLORS.good : m <= 1 ? FAN_COLORS.fair : FAN_COLORS.poor);
  return {
    grid: { left: 8, right: 36, top: 26, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const r = shown[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        return tooltipRows(r.label, [
          [tone(r.mase), t('fc.league.mase'), number(r.mase, 2)],
          ['#94a3b8', t('fc.league.bias'), r.bias === null ? '—' : percent(r.bias / 100)],
          ['#94a3b8', t('fc.league.n'), number(r.n, 0)],
        ]);
      },
    },
    yAxis: { type: 'category', data: shown.map((r) => r.label), axisTick: { show: false }, axisLabel: { ...TEXT, width: 150, overflow: 'truncate' } },
    xAxis: { type: 'value', min: 0, axisLabel: { ...TEXT, formatter: (v: number) => number(v, 1) }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => ({ value: r.mase, itemStyle: { color: tone(r.mase), borderRadius: [0, 3, 3, 0] } })),
        barMaxWidth: 18,
        label: { show: true, position: 'right', ...TEXT, fontSize: 11, formatter: (p: unknown) => number((p as { value: number | null }).value, 2) },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#64748b', type: 'dashed' },
          label: { formatter: t('fc.league.naiveLine'), color: '#64748b', fontSize: 11 },
          data: [{ xAxis: 1 }],
        },
      },
    ],
  };
}
