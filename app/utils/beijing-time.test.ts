import { describe, expect, it } from "vitest";
import { parseBeijingLocal, toBeijingLocal } from "./beijing-time.ts";

describe("Beijing-time deadlines", () => {
  it("reads a datetime-local value as UTC+8 and writes it back", () => {
    const d = parseBeijingLocal("2026-12-31T17:00");
    expect(d?.toISOString()).toBe("2026-12-31T09:00:00.000Z");
    expect(toBeijingLocal(d!)).toBe("2026-12-31T17:00");
    // Midnight in Beijing is the previous day in UTC.
    expect(parseBeijingLocal("2027-01-01T00:30")?.toISOString()).toBe("2026-12-31T16:30:00.000Z");
  });
  it("refuses what is not a real local time", () => {
    for (const bad of ["", "2026-02-31T10:00", "2026-13-01T10:00", "2026-12-01T24:00", "2026-12-01", "x"])
      expect(parseBeijingLocal(bad), bad).toBeNull();
  });
});
