import { describe, expect, it } from "vitest";
import { formatDate, formatNumber } from "./format.ts";

describe("formatDate", () => {
  // 2024-03-01 23:30 UTC is already 2 March in Beijing: the fixed zone decides the day.
  const at = "2024-03-01T23:30:00.000Z";

  it("formats in Beijing time whatever the machine's zone", () => {
    expect(formatDate(at, "zh-CN")).toBe("2024年3月2日");
    expect(formatDate(at, "en")).toBe("2 Mar 2024");
    expect(formatDate(at, "en", "datetime")).toBe("2 Mar 2024, 07:30");
    expect(formatDate(at, "zh-CN", "datetime")).toBe("2024年3月2日 07:30");
    expect(formatDate(at, "zh-CN", "long-date")).toBe("2024年3月2日");
    expect(formatDate(at, "en", "long-date")).toBe("2 March 2024");
  });

  it("writes what Intl writes, for every style, both languages and thousands of instants", () => {
    const styles = {
      date: { dateStyle: "medium" },
      datetime: { dateStyle: "medium", timeStyle: "short" },
      "long-date": { dateStyle: "long" },
    } as const;
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const instants = [
      Date.UTC(2026, 11, 31, 15, 59),
      Date.UTC(2026, 11, 31, 16, 0),
      Date.UTC(2024, 1, 28, 16, 0),
      ...Array.from({ length: 3000 }, () => from + Math.floor(random() * (to - from))),
    ];
    for (const [language, intlLocale] of [
      ["zh-CN", "zh-CN"],
      ["en", "en-GB"],
    ] as const) {
      for (const [style, options] of Object.entries(styles)) {
        const intl = new Intl.DateTimeFormat(intlLocale, { timeZone: "Asia/Shanghai", ...options });
        for (const t of instants)
          expect(formatDate(t, language, style as keyof typeof styles), new Date(t).toISOString()).toBe(intl.format(t));
      }
    }
  });
});

describe("formatNumber", () => {
  it("groups digits for each language", () => {
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(formatNumber(12345, "zh-CN")).toBe("12,345");
  });

  it("writes what Intl.NumberFormat writes", () => {
    const numbers = [
      0, 1, -1, 7, 999, 1000, -1000, 12345, 1234567, 1e9, 0.5, 1.25, 1234.5678, -2.0004, 0.0004, 99.9996, 123456789.123,
    ];
    for (const language of ["zh-CN", "en"]) {
      const intl = new Intl.NumberFormat(language);
      for (const n of numbers) expect(formatNumber(n, language), String(n)).toBe(intl.format(n));
    }
  });
});

describe("zone labels and relative times (issue 12.3, 12.12)", () => {
  it("labels Beijing time in each language, whatever the machine's zone", async () => {
    const { formatDateTimeWithZone, formatTimeWithZone } = await import("./format.ts");
    const t = Date.UTC(2026, 10, 27, 8, 32);
    expect(formatDateTimeWithZone(t, "zh-CN")).toBe("2026年11月27日 16:32（北京时间）");
    expect(formatDateTimeWithZone(t, "en")).toBe("27 Nov 2026, 16:32 (Beijing time)");
    expect(formatTimeWithZone(Date.UTC(2026, 10, 27, 20, 5), "zh-CN")).toBe("04:05（北京时间）");
  });

  it("says how long ago, for the last week only", async () => {
    const { formatRelative } = await import("./format.ts");
    const now = Date.UTC(2026, 10, 27, 8, 0);
    expect(formatRelative(now - 3 * 60_000, now, "zh-CN")).toBe("3 分钟前");
    expect(formatRelative(now - 3 * 60_000, now, "en")).toBe("3 minutes ago");
    expect(formatRelative(now - 3600_000, now, "en")).toBe("1 hour ago");
    expect(formatRelative(now - 2 * 86400_000, now, "zh-CN")).toBe("2 天前");
    expect(formatRelative(now - 10_000, now, "zh-CN")).toBe("刚刚");
    expect(formatRelative(now - 8 * 86400_000, now, "en")).toBeNull();
  });
});
