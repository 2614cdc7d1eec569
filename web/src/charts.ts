// ECharts, tree-shaken to what the dashboard draws, plus the option builders for its
// charts. Every label goes through t() and every number through format.ts.
import { FunnelChart, PieChart } from 'echarts/charts';
import type { FunnelSeriesOption, PieSeriesOption } from 'echarts/charts';
import { DataZoomComponent, type DataZoomComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { Dashboard } from './api';
import './echarts-base'; // registers bars, lines, grid, tooltip, legend, mark lines and the canvas renderer
import type { BaseParts } from './echarts-base';
import { compactNumber, month, moneyCompact, money, number, percent } from './format';
import { t, tDyn } from './i18n';

echarts.use([FunnelChart, PieChart, DataZoomComponent]);

export type Option = echarts.ComposeOption<BaseParts | FunnelSeriesOption | PieSeriesOption | DataZoomComponentOption>;

export const COLORS = {
  sales: '#2563eb',
  quota: '#cbd5e1',
  attainment: '#f59e0b',
  line: '#0ea5e9',
  stages: ['#93c5fd', '#60a5fa', '#3b82f6', '#2563eb', '#1d4ed8', '#1e40af'],
  categories: { pipeline: '#94a3b8', best_case: '#38bdf8', commit: '#2563eb', closed: '#16a34a', omitted: '#e2e8f0' } as Record<string, string>,
};

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';
export const TEXT = { fontFamily: FONT, color: '#475569' };

/** A mounted chart that follows its container's size; dispose() when the page goes. */
export interface ChartHandle {
  chart: echarts.ECharts;
  dispose(): void;
}

export function mountChart(el: HTMLElement, option: Option): ChartHandle {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption({ textStyle: TEXT, animationDuration: 400, ...option });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    chart,
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}

export function tooltipRows(title: string, rows: [string, string, string?][]): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = rows
    .map(
      ([color, label, value]) =>
        `<div style="display:flex;gap:12px;justify-content:space-between"><span><i style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${color};margin-right:6px"></i>${esc(label)}</span><b>${esc(value ?? '')}</b></div>`,
    )
    .join('');
  return `<div style="font-weight:600;margin-bottom:4px">${esc(title)}</div>${body}`;
}

/** Horizontal bars of sales and quota per rep, with attainment as a line on a top axis. */
export function repOption(d: Dashboard): Option {
  const reps = [...d.reps].sort((a, b) => (a.attainment ?? -1) - (b.attainment ?? -1));
  const names = reps.map((r) => r.name);
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, textStyle: TEXT, data: [t('chart.sales'), t('chart.quota'), t('chart.attainment')] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = reps[i];
        return tooltipRows(r.team ? `${r.name} · ${r.team}` : r.name, [
          [COLORS.sales, t('chart.sales'), money(r.sales, d.currency)],
          [COLORS.quota, t('chart.quota'), money(r.quota, d.currency)],
          [COLORS.attainment, t('chart.attainment'), percent(r.attainment)],
        ]);
      },
    },
    yAxis: { type: 'category', data: names, axisTick: { show: false }, axisLabel: { ...TEXT, width: 96, overflow: 'truncate' } },
    xAxis: [
      { type: 'value', axisLabel: { ...TEXT, formatter: (v: number) => compactNumber(v) }, splitLine: { lineStyle: { color: '#eef2f7' } } },
      { type: 'value', position: 'top', axisLabel: { ...TEXT, formatter: (v: number) => percent(v, 0) }, splitLine: { show: false } },
    ],
    series: [
      { name: t('chart.quota'), type: 'bar', data: reps.map((r) => r.quota), itemStyle: { color: COLORS.quota, borderRadius: [0, 3, 3, 0] }, barGap: '-100%', barWidth: '62%' },
      { name: t('chart.sales'), type: 'bar', data: reps.map((r) => r.sales), itemStyle: { color: COLORS.sales, borderRadius: [0, 3, 3, 0] }, barWidth: '38%' },
      {
        name: t('chart.attainment'),
        type: 'line',
        xAxisIndex: 1,
        data: reps.map((r) => r.attainment),
        symbolSize: 7,
        lineStyle: { width: 0 },
        itemStyle: { color: COLORS.attainment },
        z: 5,
      },
    ],
  };
}

/** Grouped bars of sales and quota per team. */
export function teamOption(d: Dashboard): Option {
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, textStyle: TEXT },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = d.teams[i];
        return tooltipRows(r.name, [
          [COLORS.sales, t('chart.sales'), money(r.sales, d.currency)],
          [COLORS.quota, t('chart.quota'), money(r.quota, d.currency)],
          [COLORS.attainment, t('chart.attainment'), percent(r.attainment)],
        ]);
      },
    },
    xAxis: { type: 'category', data: d.teams.map((r) => r.name), axisLabel: { ...TEXT, interval: 0, width: 90, overflow: 'truncate' }, axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { ...TEXT, formatter: (v: number) => compactNumber(v) }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series: [
      { name: t('chart.sales'), type: 'bar', data: d.teams.map((r) => r.sales), itemStyle: { color: COLORS.sales, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 28 },
      { name: t('chart.quota'), type: 'bar', data: d.teams.map((r) => r.quota), itemStyle: { color: COLORS.quota, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 28 },
    ],
  };
}

export const OPEN_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation'];
export const STAGES = [...OPEN_STAGES, 'closed_won', 'closed_lost'];
export const CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'];

/** The open stages as a funnel, widest first, sized by amount. */
export function stageOption(d: Dashboard): Option {
  const rows = OPEN_STAGES.map((s) => d.pipeline_by_stage.find((r) => r.stage === s) ?? { stage: s, count: 0, amount: 0 });
  const max = Math.max(1, ...rows.map((r) => r.amount));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }).dataIndex];
        return tooltipRows(tDyn('stage', r.stage), [
          [COLORS.sales, t('chart.amount'), money(r.amount, d.currency)],
          [COLORS.quota, t('chart.count'), number(r.count, 0)],
        ]);
      },
    },
    color: COLORS.stages,
    series: [
      {
        type: 'funnel',
        left: '4%',
        right: '4%',
        top: 8,
        bottom: 8,
        sort: 'none',
        min: 0,
        max,
        minSize: '18%',
        gap: 3,
        label: {
          show: true,
          position: 'inside',
          fontFamily: FONT,
          color: '#fff',
          formatter: (p: unknown) => {
            const r = rows[(p as { dataIndex: number }).dataIndex];
            return `${tDyn('stage', r.stage)}  ${moneyCompact(r.amount, d.currency)} · ${number(r.count, 0)}`;
          },
        },
        data: rows.map((r) => ({ name: tDyn('stage', r.stage), value: r.amount })),
      },
    ],
  };
}

/** A donut of pipeline amount by forecast category. */
export function categoryOption(d: Dashboard): Option {
  const known = new Set(CATEGORIES);
  const rows = [
    ...CATEGORIES.map((c) => d.pipeline_by_category.find((r) => r.category === c)).filter((r) => r !== undefined),
    ...d.pipeline_by_category.filter((r) => !known.has(r.category)),
  ];
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }).dataIndex];
        return tooltipRows(tDyn('category', r.category), [
          [COLORS.categories[r.category] ?? COLORS.sales, t('chart.amount'), money(r.amount, d.currency)],
          [COLORS.quota, t('chart.count'), number(r.count, 0)],
        ]);
      },
    },
    legend: { bottom: 0, left: 'center', textStyle: TEXT, itemWidth: 12, itemHeight: 10 },
    series: [
      {
        type: 'pie',
        radius: ['46%', '72%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: false },
        data: rows.map((r) => ({
          name: tDyn('category', r.category),
          value: r.amount,
          itemStyle: { color: COLORS.categories[r.category] ?? COLORS.sales },
        })),
      },
    ],
  };
}

/** Monthly sales as a smooth line with a light area. */
export function trendOption(d: Dashboard): Option {
  // Months that have not begun yet are gaps, not zero sales.
  const now = new Date();
  const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const values = d.trend.map((r) => (r.month > thisMonth ? null : r.sales));
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = d.trend[i];
        return tooltipRows(month(r.month), [[COLORS.line, t('chart.sales'), money(r.sales, d.currency)]]);
      },
    },
    xAxis: { type: 'category', boundaryGap: false, data: d.trend.map((r) => month(r.month)), axisLabel: TEXT, axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { ...TEXT, formatter: (v: number) => compactNumber(v) }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series: [
      {
        name: t('chart.sales'),
        type: 'line',
        smooth: true,
        symbolSize: 6,
        data: values,
        itemStyle: { color: COLORS.line },
        lineStyle: { width: 2.5 },
        areaStyle: {
          color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
            { offset: 0, color: 'rgba(14,165,233,0.28)' },
            { offset: 1, color: 'rgba(14,165,233,0.02)' },
          ]),
        },
      },
    ],
  };
}
