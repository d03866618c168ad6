import { createRequire } from "node:module";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { echartsLib, echartsLoaded, releaseEcharts, RELEASE_AFTER_MS } from "./echarts.server.ts";
import { metricsChartSvg } from "./metrics-chart.server.ts";

const labels = { before: "Before", after: "After", title: "Outcomes" };
const require = createRequire(import.meta.url);
const cachedFiles = () => Object.keys(require.cache).filter((f) => f.includes("/node_modules/echarts/"));

describe("the chart library", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads with the first chart drawn, not with the modules that draw charts", () => {
    expect(echartsLoaded()).toBe(false);
    // A case without a number to chart draws nothing and loads nothing.
    expect(metricsChartSvg([{ label: "x", before: "", after: "n/a", unit: "", source: "" }], labels)).toBeNull();
    expect(echartsLoaded()).toBe(false);
    const svg = metricsChartSvg([{ label: "出口额", before: "1", after: "3", unit: "", source: "" }], labels);
    expect(svg?.startsWith("<svg")).toBe(true);
    expect(echartsLoaded()).toBe(true);
  });

  it("is let go when no chart has been drawn for a while, and collected (issue 15.4: ~20 MiB resident)", async () => {
    releaseEcharts();
    vi.useFakeTimers();
    const ref = new WeakRef(echartsLib());
    expect(cachedFiles().length).toBeGreaterThan(0);
    // Still in use: a chart drawn before the deadline moves it.
    vi.advanceTimersByTime(RELEASE_AFTER_MS - 1000);
    echartsLib();
    vi.advanceTimersByTime(RELEASE_AFTER_MS - 1000);
    expect(echartsLoaded()).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(echartsLoaded()).toBe(false);
    expect(cachedFiles()).toEqual([]);
    vi.useRealTimers();
    // Nothing else refers to it (the module cache, a parent module's children): a full GC frees it.
    await new Promise((r) => setTimeout(r, 0));
    v8.setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
    expect(ref.deref()).toBeUndefined();
    // And the next chart loads it again.
    const svg = metricsChartSvg([{ label: "出口额", before: "2", after: "5", unit: "", source: "" }], labels, "again");
    expect(svg?.startsWith("<svg")).toBe(true);
  });
});
