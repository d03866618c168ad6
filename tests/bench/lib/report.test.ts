import { describe, expect, it } from "vitest";
import { matrixTable, medianRound, type Row } from "./report.ts";

const row = (cpuMsPerReq: number | null, reqPerSec: number): Row => ({
  name: "home",
  who: "reader",
  cache: "uncached",
  path: "/",
  note: "",
  bytes: 100,
  reqPerSec,
  p50: 1,
  p99: 2,
  ratio: null,
  cpuMsPerReq,
  errors: 0,
  non2xx: 0,
});

describe("medianRound", () => {
  it("takes the median round's numbers whole and keeps the range of the CPU", () => {
    const m = medianRound([row(6.1, 100), row(4.2, 300), row(5.0, 200)]);
    expect(m.cpuMsPerReq).toBe(5.0);
    expect(m.reqPerSec).toBe(200);
    expect(m.cpuRange).toEqual([4.2, 6.1]);
    expect(matrixTable([m])).toContain("| 5.00 (4.20–6.10) | 200 |");
  });

  it("leaves a single round as it is", () => {
    const m = medianRound([row(5.5, 100)]);
    expect(m.cpuRange).toBeUndefined();
    expect(matrixTable([m])).toContain("| 5.50 | 100 |");
  });
});
