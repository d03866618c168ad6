// The before/after chart of a case's outcome metrics, drawn as SVG on the server
// with ECharts' server-side renderer (no chart JavaScript in the page). Metrics
// have different units, so each gets its own row and scale ("small multiples").
// Rendering costs tens of milliseconds, so SVGs are cached by revision.
import { echartsLib } from "./echarts.server.ts";
import { parseMetricNumber, type Metric } from "~/models/case-content.ts";

const ROW_HEIGHT = 78;
const WIDTH = 640;
const cache = new Map<string, string>();
const CACHE_MAX = 500;

export function chartableMetrics(metrics: Metric[]) {
  return metrics
    .map((m) => ({ ...m, beforeN: parseMetricNumber(m.before), afterN: parseMetricNumber(m.after) }))
    .filter((m) => m.afterN != null);
}

export function metricsChartSvg(
  metrics: Metric[],
  labels: { before: string; after: string; title: string },
  cacheKey?: string,
): string | null {
  const rows = chartableMetrics(metrics);
  if (rows.length === 0) return null;
  if (cacheKey && cache.has(cacheKey)) return cache.get(cacheKey)!;
  const height = rows.length * ROW_HEIGHT + 10;
  const chart = echartsLib().init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: labels.title } },
    textStyle: { fontFamily: "system-ui, sans-serif" },
    title: rows.map((m, i) => ({
      text: m.unit ? `${m.label} (${m.unit})` : m.label,
      left: 0,
      top: i * ROW_HEIGHT,
      textStyle: { fontSize: 13, fontWeight: 600, color: "#1c1917", width: WIDTH - 10, overflow: "truncate" },
    })),
    grid: rows.map((_, i) => ({ left: 70, right: 90, top: i * ROW_HEIGHT + 22, height: 44 })),
    xAxis: rows.map((m, i) => ({
      type: "value",
      gridIndex: i,
      show: false,
      min: Math.min(0, m.beforeN ?? 0, m.afterN ?? 0),
      max: Math.max(m.beforeN ?? 0, m.afterN ?? 0) || 1,
    })),
    yAxis: rows.map((_, i) => ({
      type: "category",
      gridIndex: i,
      inverse: true,
      data: [labels.before, labels.after],
      axisTick: { show: false },
      axisLine: { lineStyle: { color: "#a8a29e" } },
      axisLabel: { color: "#57534e", fontSize: 12 },
    })),
    series: rows.map((m, i) => ({
      type: "bar",
      xAxisIndex: i,
      yAxisIndex: i,
      barWidth: 16,
      data: [
        { value: m.beforeN ?? 0, itemStyle: { color: "#a8a29e" }, label: { formatter: m.before || "—" } },
        { value: m.afterN, itemStyle: { color: "#b91c1c" }, label: { formatter: m.after } },
      ],
      label: { show: true, position: "right", color: "#1c1917", fontSize: 12 },
    })),
  });
  const svg = cspSafeSvg(chart.renderToSVGString());
  chart.dispose();
  if (cacheKey) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, svg);
  }
  return svg;
}

/** SVG properties ECharts writes into style="" that have presentation attributes of the same name. */
const PRESENTATION = new Set([
  "font-size",
  "font-family",
  "font-weight",
  "font-style",
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "opacity",
  "dominant-baseline",
  "text-anchor",
]);

/**
 * The page's CSP (style-src 'self') blocks inline styles, and ECharts writes two
 * kinds: style="" attributes with the text fonts (so the labels lost their size
 * and font) and a <style> element of hover rules for interactive charts (useless
 * in a static SVG). The fonts become SVG presentation attributes, which are not
 * styles in the CSP's sense (any other property in a style is dropped); the
 * <style> element goes.
 */
export function cspSafeSvg(svg: string): string {
  return svg.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "").replace(/\sstyle="([^"]*)"/g, (_m, css: string) =>
    css
      .split(";")
      .map((declaration) => {
        const i = declaration.indexOf(":");
        const name = declaration.slice(0, i).trim().toLowerCase();
        const value = declaration.slice(i + 1).trim();
        return i > 0 && PRESENTATION.has(name) && value ? ` ${name}="${value.replace(/"/g, "&quot;")}"` : "";
      })
      .join(""),
  );
}
