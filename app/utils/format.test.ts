import { describe, expect, it } from "vitest";
import { formatDate, formatNumber } from "./format.ts";

describe("formatDate", () => {
  // 2024-03-01 23:30 UTC is already 2 March in Beijing: the fixed zone decides the day.
  const at = "2024-03-01T23:30:00.000Z";

  it("formats in Beijing time whatever the machine's zone", () => {
    expect(formatDate(at, "zh-CN")).toBe("2024年3月2日");
    expect(formatDate(at, "en")).toBe("2 Mar 2024");
    expect(formatDate(at, "en", "datetime")).toBe("2 Mar 2024, 07:30");
    expect(formatDate(at, "zh-CN", "long-date")).toBe("2024年3月2日");
    expect(formatDate(at, "en", "long-date")).toBe("2 March 2024");
  });

  it("gives the same text from the cached formatter on later calls", () => {
    const first = formatDate(at, "zh-CN", "datetime");
    expect(formatDate(new Date(at), "zh-CN", "datetime")).toBe(first);
    expect(first).toContain("07:30");
  });
});

describe("formatNumber", () => {
  it("groups digits for each language", () => {
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(formatNumber(12345, "zh-CN")).toBe("12,345");
  });
});
