import { describe, expect, it } from "vitest";
import { xssStrings } from "../../../tests/fixtures/xss-corpus.ts";
import { metricsChartSvg, cspSafeSvg } from "./metrics-chart.server.ts";

const labels = { before: "Before", after: "After", title: "Outcomes" };

describe("metricsChartSvg", () => {
  it("draws one row per metric with a number in its after value", () => {
    const svg = metricsChartSvg(
      [
        { label: "出口额", before: "1,200", after: "3,500", unit: "万美元", source: "" },
        { label: "No number", before: "", after: "n/a", unit: "", source: "" },
      ],
      labels,
    )!;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("出口额 (万美元)");
    expect(svg).toContain("3,500");
    expect(svg).not.toContain("No number");
  });

  it("returns null when nothing can be charted", () => {
    expect(metricsChartSvg([], labels)).toBeNull();
  });

  it("escapes every XSS vector in labels, units and values", () => {
    for (const vector of xssStrings) {
      const svg = metricsChartSvg(
        [{ label: vector, before: "1", after: `2 ${vector}`, unit: vector, source: vector }],
        labels,
      )!;
      // Text is escaped, so every "<" left starts one of the chart's own tags.
      const tags = svg.match(/<[a-zA-Z][^>]*>/g) ?? [];
      for (const tag of tags) {
        expect(tag).toMatch(
          /^<(svg|rect|path|text|g|defs|clipPath|style|title|desc|tspan|linearGradient|stop|pattern|image)[\s>]/,
        );
        expect(tag).not.toMatch(/\son\w+\s*=/i);
        expect(tag).not.toMatch(/javascript:/i);
      }
      expect(svg.match(/<svg/g)?.length).toBe(1);
    }
  });

  it("has no inline styles (the CSP blocks them): fonts are presentation attributes, no <style> element", () => {
    const svg = metricsChartSvg([{ label: "出口额", before: "1", after: "2", unit: "", source: "" }], labels)!;
    expect(svg).not.toMatch(/\sstyle=/);
    expect(svg).not.toMatch(/<style/);
    expect(svg).toMatch(/<text[^>]* font-size="13px"[^>]* font-weight="600"/);
    expect(svg).toContain('font-family="system-ui, sans-serif"');
    expect(
      cspSafeSvg(
        '<svg><style ><![CDATA[.a:hover{cursor:pointer}]]></style><text style="font-size:12px;behavior:url(x);fill:#333;" x="1">a</text></svg>',
      ),
    ).toBe('<svg><text font-size="12px" fill="#333" x="1">a</text></svg>');
  });
});
