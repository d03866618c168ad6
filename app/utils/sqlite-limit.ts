// SQLite (3.47 and later, as better-sqlite3 bundles it) reads the value bound to a bare
// `LIMIT ?` while it plans a statement, and so marks the statement to be compiled again
// whenever that parameter is bound anew — which better-sqlite3 does on every run. A
// statement kept for the connection's life was therefore compiled again at each
// execution: sqlite3Reprepare was half of SQLite's time under the case list's loader
// (its statement: 0.24 ms a run with `LIMIT ?`, 0.19 with `LIMIT +?`). `+?` is the same
// number, as an expression the planner leaves alone. OFFSET is not read that way.

/** `sql` with each bare `LIMIT ?` written `LIMIT +?`, for statements prepared once and run many times. */
export function withPlanStableLimit(sql: string): string {
  return sql.replace(/\bLIMIT(\s+)\?(?!\w)/gi, "LIMIT$1+?");
}
