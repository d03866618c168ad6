import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withPlanStableLimit } from "./sqlite-limit.ts";

describe("withPlanStableLimit", () => {
  it("writes each bare LIMIT parameter as an expression, and leaves the rest alone", () => {
    expect(withPlanStableLimit("SELECT a FROM t ORDER BY a LIMIT ? OFFSET ?")).toBe(
      "SELECT a FROM t ORDER BY a LIMIT +? OFFSET ?",
    );
    expect(withPlanStableLimit("SELECT * FROM (SELECT a FROM t LIMIT ?) p LIMIT\n  ?")).toBe(
      "SELECT * FROM (SELECT a FROM t LIMIT +?) p LIMIT\n  +?",
    );
    expect(withPlanStableLimit("SELECT a FROM t LIMIT 5")).toBe("SELECT a FROM t LIMIT 5");
    expect(withPlanStableLimit("SELECT a FROM t LIMIT ?2")).toBe("SELECT a FROM t LIMIT ?2");
    expect(withPlanStableLimit("SELECT 'NOLIMIT ?' AS a")).toBe("SELECT 'NOLIMIT ?' AS a");
  });

  it("keeps what the statement answers, for every bound limit", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3), (4)");
    const plain = db.prepare("SELECT a FROM t ORDER BY a LIMIT ? OFFSET ?");
    const stable = db.prepare(withPlanStableLimit("SELECT a FROM t ORDER BY a LIMIT ? OFFSET ?"));
    for (const [limit, offset] of [
      [2, 0],
      [2, 1],
      [0, 0],
      [-1, 2],
      [10, 3],
    ])
      expect(stable.all(limit, offset)).toEqual(plain.all(limit, offset));
    db.close();
  });
});
