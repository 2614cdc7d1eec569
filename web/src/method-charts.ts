// Charts of the other forecasting methods: executives' figures against the weighted
// forecast and the interquartile band, survey answer counts, the market-factor scatter with
// its regression line, Delphi rounds converging, and the econometric fan with the fitted
// values. Labels come in translated; numbers go through format.ts.
import { ScatterChart } from 'echarts/charts';
import { MarkAreaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { TEXT, tooltipRows, type Option } from './charts';
import { fanOption, FAN_COLORS, type FanInput } from './forecast-charts';
import { compactNumber, money, number } from './format';
import { t } from './i18n';

echarts.use([ScatterChart, MarkAreaComponent]);

const axisLabel = { ...TEXT, formatter: (v: number) => compactNumber(v) };
const split = { lineStyle: { color: '#eef2f7' } };

/** Executives' figures as points, the weighted forecast as a line, the IQR as a band. */
export function opinionOption(d: { people: { name: string; figure: number }[]; forecast: number; q1: number; q3: number }): Option {
  const names = d.people.map((p) => p.name);
  return {
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: unknown) => { const x = p as { name: string; value: [number, string] }; return tooltipRows(x.value?.[1] ?? x.name, [[FAN_COLORS.forecast, t('fm.opinion.figure'), number(x.value?.[0], 0)]]); } },
    xAxis: { type: 'value', scale: true, axisLabel, splitLine: split },
    yAxis: { type: 'category', data: names, axisLabel: { ...TEXT, width: 110, overflow: 'truncate' } },
    series: [
      {
        type: 'scatter',
        name: t('fm.opinion.figure'),
        symbolSize: 12,
        itemStyle: { color: FAN_COLORS.forecast },
        data: d.people.map((p) => [p.figure, p.name]),
        markArea: { silent: true, itemStyle: { color: FAN_COLORS.band80 }, data: [[{ xAxis: d.q1, name: t('fm.opinion.iqr') }, { xAxis: d.q3 }]] },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: FAN_COLORS.suggested, width: 2 },
          label: { formatter: t('fm.opinion.weighted'), color: '#92400e' },
          data: [{ xAxis: d.forecast }],
        },
      },
    ] as unknown as Option['series'],
  } as Option;
}

/** Bars of how many respondents gave each answer. */
export function countsOption(labels: string[], counts: number[]): Option {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels, axisLabel: TEXT },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT, splitLine: split },
    series: [{ type: 'bar', name: t('fm.survey.count'), data: counts, itemStyle: { color: FAN_COLORS.forecast, borderRadius: [3, 3, 0, 0] } }],
  };
}

/** Territories' factor against sales with the fitted line. */
export function scatterOption(points: { name: string; x: number; y: number }[], intercept: number, slope: number, xName: string, yName: string): Option {
  const xs = points.map((p) => p.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return {
    grid: { left: 8, right: 24, top: 30, bottom: 24, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: unknown) => { const x = p as { value: [number, number, string] }; return x.value?.[2] ? tooltipRows(x.value[2], [[FAN_COLORS.forecast, xName, number(x.value[0])], [FAN_COLORS.history, yName, number(x.value[1], 0)]]) : ''; } },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 24, scale: true, axisLabel, splitLine: split },
    yAxis: { type: 'value', name: yName, scale: true, axisLabel, splitLine: split },
    series: [
      { type: 'scatter', name: yName, symbolSize: 10, itemStyle: { color: FAN_COLORS.forecast }, data: points.map((p) => [p.x, p.y, p.name]) },
      { type: 'line', name: t('fm.mf.line'), symbol: 'none', lineStyle: { color: FAN_COLORS.suggested, width: 2 }, data: [[lo, intercept + slope * lo], [hi, intercept + slope * hi]] },
    ] as unknown as Option['series'],
  } as Option;
}

/** Median and quartiles of each closed Delphi round. */
export function delphiOption(rounds: { round: number; median: number; q1: number; q3: number }[]): Option {
  const labels = rounds.map((r) => t('fm.delphi.roundN', { n: r.round }));
  return {
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, textStyle: TEXT },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, axisLabel: TEXT },
    yAxis: { type: 'value', scale: true, axisLabel, splitLine: split },
    series: [
      { name: '__q1', type: 'line', stack: 'iqr', data: rounds.map((r) => r.q1), symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { name: t('fm.delphi.iqr'), type: 'line', stack: 'iqr', data: rounds.map((r) => r.q3 - r.q1), symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: FAN_COLORS.band80 }, itemStyle: { color: FAN_COLORS.band80 } },
      { name: t('fm.delphi.median'), type: 'line', data: rounds.map((r) => r.median), symbolSize: 8, itemStyle: { color: FAN_COLORS.forecast }, lineStyle: { width: 2.2 } },
    ],
  };
}

/** The econometric fan: the sheet's fan plus the fitted values over the history. */
export function econFanOption(d: FanInput, fitted: (number | null)[]): Option {
  const base = fanOption(d);
  const series = [...((base.series as unknown[]) ?? [])];
  const name = t('fm.econ.fitted');
  series.push({ name, type: 'line', data: [...fitted, ...d.months.map(() => null)], symbol: 'none', lineStyle: { width: 1.5, type: 'dotted', color: FAN_COLORS.suggested }, itemStyle: { color: FAN_COLORS.suggested }, z: 3 });
  const legend = base.legend as { data?: string[] } | undefined;
  return { ...base, legend: legend ? { ...legend, data: [...(legend.data ?? []), name] } : legend, series: series as Option['series'] } as Option;
}

export { money };
