// The territory page's charts: the map of accounts coloured by territory on a world land
// outline (world-atlas TopoJSON, bundled and loaded only with this page), and the balance
// chart of workload per territory against the mean and its ±τ band, with potential.
import { ScatterChart, type ScatterSeriesOption } from 'echarts/charts';
import { GeoComponent, MarkAreaComponent, type GeoComponentOption, type MarkAreaComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { TerritoryAccount, TerritoryRep } from './api';
import { TEXT, tooltipRows, type ChartHandle } from './charts';
import './echarts-base'; // registers bars, lines, grid, tooltip, legend, mark lines and the canvas renderer
import type { BaseParts } from './echarts-base';
import { compactNumber, number, percent } from './format';
import { t } from './i18n';

echarts.use([ScatterChart, GeoComponent, MarkAreaComponent]);

export type TerritoryOption = echarts.ComposeOption<BaseParts | ScatterSeriesOption | GeoComponentOption | MarkAreaComponentOption>;

/** mountChart() for this page's option type: follows the container's size; dispose() when done. */
export function mountTerritoryChart(el: HTMLElement, option: TerritoryOption): ChartHandle {
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

const MAP_NAME = 'salesdesk-land';
let mapReady: Promise<void> | null = null;

/** Registers the land outline with ECharts once; the TopoJSON is a chunk of its own. */
export function loadWorldMap(): Promise<void> {
  mapReady ??= Promise.all([import('world-atlas/land-50m.json'), import('topojson-client')])
    .then(([atlas, topo]) => {
      // Land without country borders: the map shows where accounts are, not boundaries.
      const topology = atlas.default;
      const land = topo.feature(topology, topology.objects.land);
      // One feature per land mass. Antarctica goes (no accounts there), and land that
      // crosses the 180° meridian (Fiji, Chukotka) is unwrapped eastwards: otherwise its
      // outline jumps across the whole flat map as a stray horizontal line.
      const polygons: number[][][][] = [];
      for (const f of land.features) {
        const g = f.geometry;
        if (g?.type === 'Polygon') polygons.push(g.coordinates);
        else if (g?.type === 'MultiPolygon') polygons.push(...g.coordinates);
      }
      const named = polygons
        .filter((poly) => poly[0].some(([, lat]) => lat > -56))
        .map((poly) => {
          const jumps = poly.some((ring) => ring.some(([lon], i) => i > 0 && Math.abs(lon - ring[i - 1][0]) > 180));
          if (!jumps) return poly;
          return poly.map((ring) => ring.map(([lon, lat]) => [lon < -150 ? lon + 360 : lon, lat]));
        })
        .map((coordinates, i) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties: { name: `land-${i}` } }));
      echarts.registerMap(MAP_NAME, { type: 'FeatureCollection', features: named } as unknown as Parameters<typeof echarts.registerMap>[1]);
    })
    .catch((err) => {
      mapReady = null;
      throw err;
    });
  return mapReady;
}

// Twenty qualitative colours that stay apart on a light map; more territories get
// golden-angle hues at alternating lightness.
const PALETTE = [
  '#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#0f766e',
  '#6366f1', '#ca8a04', '#c026d3', '#0284c7', '#16a34a', '#be123c', '#a16207', '#4f46e5', '#0891b2', '#9333ea',
];

export function territoryColor(index: number): string {
  if (index < PALETTE.length) return PALETTE[index];
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue}, ${index % 2 ? 62 : 72}%, ${index % 3 === 0 ? 38 : 48}%)`;
}

export interface MapInput {
  accounts: TerritoryAccount[];
  reps: TerritoryRep[];
  /** The territory of each account (by index) in the alignment shown. */
  territoryOf: (account: TerritoryAccount, index: number) => string;
  colorOf: (territory: string) => string;
  nameOf: (territory: string) => string;
  selected: Set<string>;
  locked: Set<string>;
  showHomes: boolean;
}

/** The view box around the accounts (and home bases), padded, as geo boundingCoords. */
export function boundingCoords(points: { lat: number; lon: number }[]): [[number, number], [number, number]] {
  if (!points.length) return [[-170, 75], [190, -55]];
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const p of points) {
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
  }
  const padLon = Math.max(1.5, (maxLon - minLon) * 0.06);
  const padLat = Math.max(1.5, (maxLat - minLat) * 0.08);
  return [
    [Math.max(-180, minLon - padLon), Math.min(84, maxLat + padLat)],
    [Math.min(180, maxLon + padLon), Math.max(-60, minLat - padLat)],
  ];
}

const ACC = 'acc:';

/** The map's series: one per territory (so the legend names reps), the home bases, and rings for selected and locked accounts. */
export function mapSeries(d: MapInput): ScatterSeriesOption[] {
  const byTerritory = new Map<string, [number, number, number][]>();
  for (const r of d.reps) byTerritory.set(r.key, []);
  const selected: [number, number, number][] = [];
  const locked: [number, number, number][] = [];
  d.accounts.forEach((a, i) => {
    const terr = d.territoryOf(a, i);
    let list = byTerritory.get(terr);
    if (!list) byTerritory.set(terr, (list = []));
    list.push([a.lon, a.lat, i]);
    if (d.selected.has(a.id)) selected.push([a.lon, a.lat, i]);
    if (d.locked.has(a.id)) locked.push([a.lon, a.lat, i]);
  });
  const series: ScatterSeriesOption[] = [];
  for (const [terr, data] of byTerritory) {
    const color = d.colorOf(terr);
    series.push({
      id: ACC + terr,
      name: d.nameOf(terr),
      type: 'scatter',
      coordinateSystem: 'geo',
      data,
      symbolSize: 7,
      itemStyle: { color, opacity: 0.85, borderColor: '#ffffff', borderWidth: 0.6 },
      emphasis: { scale: 1.8, itemStyle: { borderColor: '#0f172a', borderWidth: 1 } },
      z: 3,
    });
  }
  if (d.showHomes) {
    series.push({
      id: 'homes',
      name: t('tr.map.homes'),
      type: 'scatter',
      coordinateSystem: 'geo',
      symbol: 'pin',
      symbolSize: 22,
      symbolOffset: [0, '-40%'],
      data: d.reps
        .map((r, i) => (r.home ? { value: [r.home.lon, r.home.lat, i], itemStyle: { color: d.colorOf(r.key) } } : null))
        .filter((x) => x !== null),
      itemStyle: { color: '#334155', borderColor: '#ffffff', borderWidth: 1.5 },
      z: 6,
    });
  }
  series.push({
    id: 'locked',
    name: '__locked',
    type: 'scatter',
    coordinateSystem: 'geo',
    symbol: 'diamond',
    symbolSize: 13,
    data: locked,
    itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#b45309', borderWidth: 2 },
    z: 4,
  });
  series.push({
    id: 'selected',
    name: '__selected',
    type: 'scatter',
    coordinateSystem: 'geo',
    symbolSize: 15,
    data: selected,
    itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#0f172a', borderWidth: 2.2 },
    z: 5,
  });
  return series;
}

/** How many account points the map series hold (each account once). */
export function accountPoints(series: ScatterSeriesOption[]): number {
  return series.filter((s) => String(s.id).startsWith(ACC)).reduce((n, s) => n + (Array.isArray(s.data) ? s.data.length : 0), 0);
}

/** The account index behind a clicked point, or null for home bases. */
export function accountIndexOf(params: { seriesId?: string; value?: unknown }): number | null {
  const id = params.seriesId ?? '';
  if (!(id.startsWith(ACC) || id === 'selected' || id === 'locked')) return null;
  const v = params.value as number[] | undefined;
  return Array.isArray(v) && Number.isInteger(v[2]) ? v[2] : null;
}

export function mapOption(d: MapInput): TerritoryOption {
  const points = [...d.accounts, ...(d.showHomes ? d.reps.map((r) => r.home).filter((x) => x !== null) : [])];
  const box = boundingCoords(points);
  const midLat = (box[0][1] + box[1][1]) / 2;
  const series = mapSeries(d);
  const legendNames = series.filter((s) => !String(s.name).startsWith('__')).map((s) => String(s.name));
  return {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const params = p as { seriesId?: string; value?: number[]; color?: string };
        if (params.seriesId === 'homes') {
          const rep = d.reps[params.value?.[2] ?? -1];
          return rep ? tooltipRows(t('tr.map.homeOf', { name: rep.name }), []) : '';
        }
        const i = accountIndexOf(params);
        const a = i === null ? undefined : d.accounts[i];
        if (!a) return '';
        const terr = d.territoryOf(a, i as number);
        const color = d.colorOf(terr);
        return tooltipRows(a.name, [
          [color, t('tr.field.rep'), d.nameOf(terr)],
          ['#94a3b8', t('tr.field.city'), a.city || '—'],
          ['#94a3b8', t('tr.field.workload'), t('tr.hours', { n: number(a.workload, 0) })],
          ['#94a3b8', t('tr.field.potential'), number(a.potential, 0)],
          ...(d.locked.has(a.id) ? [['#b45309', t('tr.lock.locked'), '✓'] as [string, string, string]] : []),
        ]);
      },
    },
    legend: {
      type: 'scroll',
      bottom: 0,
      left: 8,
      right: 8,
      data: legendNames,
      textStyle: TEXT,
      itemWidth: 12,
      itemHeight: 10,
      pageIconSize: 10,
    },
    geo: {
      map: MAP_NAME,
      roam: true,
      boundingCoords: box,
      aspectScale: Math.max(0.35, Math.min(1, Math.cos((midLat * Math.PI) / 180))),
      top: 10,
      bottom: 40,
      left: 10,
      right: 10,
      scaleLimit: { min: 0.5, max: 40 },
      silent: true,
      itemStyle: { areaColor: '#e9eef5', borderColor: '#c3cedd', borderWidth: 0.6 },
      emphasis: { disabled: true },
      select: { disabled: true },
      label: { show: false },
    },
    series,
  };
}

export interface BalanceRow {
  territory: string;
  name: string;
  color: string;
  workload: number;
  potential: number;
  /** The same territory's workload in the alignment compared against, if any. */
  before?: number | null;
}

/** Bars of workload per territory with the mean and the ±τ band; potential as diamonds on a second axis. */
export function balanceOption(rows: BalanceRow[], mean: number, tau: number, beforeName: string | null, afterName: string): TerritoryOption {
  const lo = mean * (1 - tau);
  const hi = mean * (1 + tau);
  const inside = (w: number) => w >= lo - 1e-9 && w <= hi + 1e-9;
  const hoursName = afterName;
  const potentialName = t('tr.field.potential');
  const series: TerritoryOption['series'] = [];
  if (beforeName) {
    series.push({
      name: beforeName,
      type: 'bar',
      data: rows.map((r) => r.before ?? null),
      itemStyle: { color: '#cbd5e1', borderRadius: [3, 3, 0, 0] },
      barMaxWidth: 18,
      barGap: '8%',
    });
  }
  series.push(
    {
      name: hoursName,
      type: 'bar',
      data: rows.map((r) => ({ value: r.workload, itemStyle: { color: r.color, opacity: inside(r.workload) ? 0.95 : 0.55, borderColor: inside(r.workload) ? r.color : '#dc2626', borderWidth: inside(r.workload) ? 0 : 1.5, borderRadius: [3, 3, 0, 0] } })),
      barMaxWidth: 22,
      barGap: '8%',
      markArea: {
        silent: true,
        itemStyle: { color: 'rgba(22, 163, 74, 0.10)' },
        label: { show: true, position: 'insideTopLeft', color: '#15803d', fontSize: 11, formatter: t('tr.chart.band', { tau: percent(tau, tau < 0.1 ? 1 : 0) }) },
        data: [[{ yAxis: lo }, { yAxis: hi }]],
      },
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: '#15803d', type: 'dashed', width: 1.2 },
        label: { show: true, position: 'insideEndTop', color: '#15803d', fontSize: 11, formatter: t('tr.chart.mean', { n: number(mean, 0) }) },
        data: [{ yAxis: mean }],
      },
      z: 3,
    },
    {
      name: potentialName,
      type: 'line',
      yAxisIndex: 1,
      data: rows.map((r) => r.potential),
      symbol: 'diamond',
      symbolSize: 9,
      lineStyle: { width: 0, opacity: 0 },
      itemStyle: { color: '#7c3aed', borderColor: '#fff', borderWidth: 1 },
      z: 5,
    },
  );
  const many = rows.length > 10;
  return {
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, textStyle: TEXT, itemWidth: 14, itemHeight: 10, data: [...(beforeName ? [beforeName] : []), hoursName, potentialName] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = rows[i];
        if (!r) return '';
        const dev = mean > 0 ? r.workload / mean - 1 : 0;
        const lines: [string, string, string?][] = [];
        if (beforeName && r.before !== undefined && r.before !== null) lines.push(['#cbd5e1', beforeName, t('tr.hours', { n: number(r.before, 0) })]);
        lines.push([r.color, hoursName, t('tr.hours', { n: number(r.workload, 0) })]);
        lines.push([inside(r.workload) ? '#16a34a' : '#dc2626', t('tr.field.deviation'), signed(dev)]);
        lines.push(['#7c3aed', potentialName, number(r.potential, 0)]);
        return tooltipRows(r.name, lines);
      },
    },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisTick: { show: false },
      axisLabel: { ...TEXT, interval: 0, rotate: many ? 45 : 0, width: many ? 70 : 90, overflow: 'truncate', fontSize: many ? 11 : 12 },
    },
    yAxis: [
      { type: 'value', name: t('tr.chart.hours'), nameTextStyle: TEXT, axisLabel: { ...TEXT, formatter: (v: number) => compactNumber(v) }, splitLine: { lineStyle: { color: '#eef2f7' } } },
      { type: 'value', name: potentialName, nameTextStyle: TEXT, axisLabel: { ...TEXT, formatter: (v: number) => compactNumber(v) }, splitLine: { show: false } },
    ],
    series,
  };
}

/** A signed share: +3.2% / −1.0%. */
export function signed(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  const p = percent(Math.abs(share), digits);
  if (Math.abs(share) < 0.5 * 10 ** -(digits + 2)) return percent(0, digits);
  return share > 0 ? `+${p}` : `−${p}`;
}

