import { describe, expect, it } from "vitest";
import { CaseDraftSchema, CasePublishSchema, parseMetricNumber } from "./case-content.ts";

describe("parseMetricNumber", () => {
  it.each([
    ["1,200", 1200],
    ["1，200", 1200],
    ["35%", 35],
    ["¥3.5亿", 3.5],
    ["-12.5 days", -12.5],
    ["约 80 家", 80],
  ])("reads %s as %d", (input, expected) => {
    expect(parseMetricNumber(input)).toBe(expected);
  });
  it("returns null when there is no number", () => {
    expect(parseMetricNumber("n/a")).toBeNull();
    expect(parseMetricNumber("")).toBeNull();
  });
});

describe("case schemas", () => {
  it("accepts a partial draft but not an over-long summary", () => {
    expect(CaseDraftSchema.safeParse({ title: "只有标题" }).success).toBe(true);
    const long = CaseDraftSchema.safeParse({ summary: "字".repeat(281) });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toBe("cases:errors.summaryTooLong");
  });
  it("requires title, summary, topics, stage, period and sections to publish", () => {
    const r = CasePublishSchema.safeParse({});
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    for (const p of [
      "title",
      "summary",
      "topics",
      "stage",
      "periodStart",
      "background",
      "approach",
      "results",
      "replicability",
    ]) {
      expect(paths).toContain(p);
    }
    expect(paths).not.toContain("lessons");
  });
  it("rejects an end year before the start year and more than 10 metrics", () => {
    expect(CaseDraftSchema.safeParse({ periodStart: "2023", periodEnd: "2020" }).error?.issues[0]?.message).toBe(
      "cases:errors.periodOrder",
    );
    const metrics = Array.from({ length: 11 }, () => ({ label: "a", after: "1" }));
    expect(CaseDraftSchema.safeParse({ metrics }).success).toBe(false);
  });
});
