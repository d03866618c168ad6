import { describe, expect, it } from "vitest";
import { echartsLoaded } from "./echarts.server.ts";
import { metricsChartSvg } from "./metrics-chart.server.ts";

const labels = { before: "Before", after: "After", title: "Outcomes" };

describe("the chart library", () => {
  it("loads with the first chart drawn, not with the modules that draw charts", () => {
    expect(echartsLoaded()).toBe(false);
    // A case without a number to chart draws nothing and loads nothing.
    expect(metricsChartSvg([{ label: "x", before: "", after: "n/a", unit: "", source: "" }], labels)).toBeNull();
    expect(echartsLoaded()).toBe(false);
    const svg = metricsChartSvg([{ label: "出口额", before: "1", after: "3", unit: "", source: "" }], labels);
    expect(svg?.startsWith("<svg")).toBe(true);
    expect(echartsLoaded()).toBe(true);
  });
});
