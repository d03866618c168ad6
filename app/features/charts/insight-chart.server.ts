// The dashboard's charts: bars (one row per category, for long category names
// such as provinces and queries) or columns (one per month), drawn as SVG on the
// server with ECharts' server-side renderer, made CSP-safe like the case page's
// metrics chart (no style attributes). Each chart is drawn from a table that the
// page also shows, so the SVG is hidden from screen readers and the table is the
// accessible form. Rendering costs tens of milliseconds, so SVGs are kept by the
// data they show (the same numbers draw the same picture), a bounded number.
import { echartsLib } from "./echarts.server.ts";
import { cspSafeSvg } from "./metrics-chart.server.ts";

const WIDTH = 720;
const COLORS = ["#b91c1c", "#78716c", "#0f766e"];
const cache = new Map<string, string>();
const CACHE_MAX = 200;

export interface ChartInput {
  kind: "bars" | "columns";
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
}

export function insightChartSvg(input: ChartInput): string | null {
  if (input.categories.length === 0) return null;
  const key = JSON.stringify(input);
  const hit = cache.get(key);
  if (hit) return hit;
  const bars = input.kind === "bars";
  const height = bars ? Math.max(160, input.categories.length * 24 + 60) : 300;
  const chart = echartsLib().init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  const category = {
    type: "category" as const,
    data: input.categories,
    inverse: bars,
    axisLabel: {
      color: "#44403c",
      fontSize: 12,
      width: bars ? 150 : undefined,
      overflow: "truncate" as const,
      interval: 0,
      rotate: bars ? 0 : input.categories.length > 12 ? 45 : 0,
    },
    axisTick: { show: false },
    axisLine: { lineStyle: { color: "#a8a29e" } },
  };
  const value = {
    type: "value" as const,
    axisLabel: { color: "#57534e", fontSize: 11 },
    splitLine: { lineStyle: { color: "#e7e5e4" } },
    minInterval: 1,
  };
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: "system-ui, sans-serif" },
    legend: input.series.length > 1 ? { top: 0, textStyle: { color: "#1c1917", fontSize: 12 } } : undefined,
    grid: { left: bars ? 160 : 50, right: 40, top: input.series.length > 1 ? 30 : 10, bottom: bars ? 20 : 60 },
    xAxis: bars ? value : category,
    yAxis: bars ? category : value,
    series: input.series.map((s, i) => ({
      type: "bar",
      name: s.name,
      data: s.values,
      itemStyle: { color: COLORS[i % COLORS.length] },
      barMaxWidth: 18,
    })),
  });
  const svg = cspSafeSvg(chart.renderToSVGString());
  chart.dispose();
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, svg);
  return svg;
}
