// Server-Timing's "db" figure counts the work a read statement does, also when the
// rows come one at a time from an iterator (the work happens at each step).
import { describe, expect, it } from "vitest";
import { readStatement } from "~/utils/db-read.server.ts";
import { requestTiming, withRequestTiming } from "~/utils/request-timing.server.ts";

describe("read connection timing", () => {
  it("counts each step of an iterator, and a caller that stops early leaves the statement free", () => {
    const sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n";
    withRequestTiming(() => {
      const seen: number[] = [];
      for (const row of readStatement(sql).iterate() as Iterable<{ i: number }>) seen.push(row.i);
      expect(seen).toHaveLength(50);
      // The start, 50 rows and the final empty step.
      expect(requestTiming.getStore()!.dbCalls).toBe(52);
    });
    withRequestTiming(() => {
      for (const row of readStatement(sql).iterate() as Iterable<{ i: number }>) if (row.i === 3) break;
      // Without closing the iterator, better-sqlite3 refuses the statement: "This statement is busy executing a query".
      expect(readStatement(sql).all()).toHaveLength(50);
    });
  });
});
