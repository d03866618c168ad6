import { describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { stopWithin, type StopSteps } from "./shutdown.ts";

const limits = { WORK_MS: 200, CLOSE_MS: 200 };
const never = () => new Promise<void>(() => {});

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

function steps(over: Partial<StopSteps> = {}): StopSteps & { dropped: () => boolean; closed: () => boolean } {
  let dropped = false;
  let closed = false;
  return {
    requestsDone: Promise.resolve(),
    stopWork: async () => {},
    dropConnections: () => void (dropped = true),
    closeDatabase: async () => void (closed = true),
    ...over,
    dropped: () => dropped,
    closed: () => closed,
  };
}

describe("a node's bounded stop", () => {
  it("finishes in order and says it was clean when everything ends in time", async () => {
    const { logger, lines } = recordingLogger();
    const s = steps();
    expect(await stopWithin(s, logger, limits)).toBe(true);
    expect(s.dropped()).toBe(false);
    expect(s.closed()).toBe(true);
    expect(lines).toEqual([]);
  });

  it("ends even when a transaction holds a database connection forever (the pool's end never returns)", async () => {
    const { logger, lines } = recordingLogger();
    const started = Date.now();
    const clean = await stopWithin(steps({ closeDatabase: never }), logger, limits);
    expect(clean).toBe(false);
    expect(Date.now() - started).toBeLessThan(limits.WORK_MS + limits.CLOSE_MS + 1_000);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringContaining("database connections did not close in time")]);
  });

  it("drops stuck requests' connections after the wait and still closes the database", async () => {
    const { logger, lines } = recordingLogger();
    const s = steps({ requestsDone: never(), stopWork: never });
    expect(await stopWithin(s, logger, limits)).toBe(false);
    expect(s.dropped()).toBe(true);
    expect(s.closed()).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringContaining("did not finish in time")]);
  });

  it("a failing close is logged, not thrown", async () => {
    const { logger, lines } = recordingLogger();
    const fail = vi.fn(async () => {
      throw new Error("pool already ended");
    });
    expect(await stopWithin(steps({ closeDatabase: fail }), logger, limits)).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual(["closing the databases failed"]);
  });
});
