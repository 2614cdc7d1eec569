// The ECharts parts that both chart modules draw with — the dashboard's (charts.ts) and the
// territory page's (territory-charts.ts) — registered once here. Each of those modules
// imports this one for its side effect and its `BaseParts` type, and registers only the parts
// that it alone needs, so the bundle holds no more of ECharts than before.
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

/** The option types of the parts registered here; a module's option type is `echarts.ComposeOption<BaseParts | its own>`. */
export type BaseParts =
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption;
