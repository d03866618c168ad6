// The app's hand-written SQL is written once, in SQLite's dialect (the embedded
// default), and translated here for PostgreSQL (ADR 047). This module is the one
// place that knows how the two differ in the raw SQL the models write:
// - identifiers: the schema's tables and columns are camelCase (`CaseStudy`,
//   `publishedAt`); PostgreSQL folds unquoted names to lower case, so every
//   identifier with an upper-case letter and a lower-case one is double-quoted
//   (so are aliases such as `AS baseSlug`, which keeps the row's keys as written).
//   Keywords are written in upper case and functions in lower case, never mixed;
// - parameters: `?` (positional) and `@name` (named) become `$1…`;
// - `INDEXED BY <index>` (a SQLite planner hint) is dropped;
// - `json_each(?)` → `json_array_elements_text(?::json)` (both yield a `value` column),
//   `json_object(` → `json_build_object(`, `json_group_array(x)` → `coalesce(json_agg(x), '[]')`;
// - `julianday(x)` (instants compared whatever their text form) → `(x)`;
// - the functions below for what cannot be translated word by word.
// Rows come back in SQLite's shapes on both (db-read.server.ts): integers as numbers,
// booleans as 0/1, instants as ISO text, JSON as text.
import { databaseProvider, type DatabaseProvider } from "./database-url.ts";

export type { DatabaseProvider };

/** The provider of the database the environment names now (tests switch DATABASE_URL per file). */
export function sqlProvider(): DatabaseProvider {
  return databaseProvider();
}

/** The Beijing-time month ('YYYY-MM') of a stored instant column. */
export function beijingMonthSql(column: string, provider = sqlProvider()): string {
  return provider === "postgresql"
    ? `to_char(${column} + interval '8 hours', 'YYYY-MM')`
    : `strftime('%Y-%m', ${column}, '+8 hours')`;
}

/** How many rows of a group meet `condition` (SQLite sums the 0/1 of a comparison; PostgreSQL cannot sum booleans). */
export function countIfSql(condition: string, provider = sqlProvider()): string {
  return provider === "postgresql" ? `count(*) FILTER (WHERE ${condition})` : `sum(${condition})`;
}

export interface PostgresStatement {
  text: string;
  /** For `@name` parameters: the name of each `$n` in order; null when the statement uses `?`. */
  names: string[] | null;
}

const cache = new Map<string, PostgresStatement>();
const CACHE_MAX = 2000;

/** The PostgreSQL form of a statement written for SQLite (cached: the app's statements are few and fixed). */
export function toPostgres(sql: string): PostgresStatement {
  let hit = cache.get(sql);
  if (!hit) {
    hit = translate(sql);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(sql, hit);
  }
  return hit;
}

/** Binds a statement's arguments as node-postgres wants them: one named object, or positional values. */
export function postgresArgs(stmt: PostgresStatement, args: unknown[]): unknown[] {
  if (!stmt.names) return args.map(toParam);
  const named = (args[0] ?? {}) as Record<string, unknown>;
  return stmt.names.map((n) => toParam(named[n]));
}

function toParam(v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

function translate(sql: string): PostgresStatement {
  let out = "";
  let n = 0;
  let names: string[] | null = null;
  const named = new Map<string, number>();
  let i = 0;
  // Rewrites that need the argument of a call: the text of each open call's rewrite, by depth.
  const closers: Array<string | null> = [];
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      // A string literal or a quoted identifier: copied as it is ('' and "" escape themselves).
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "?") {
      if (names) throw new Error("SQL mixes ? and @name parameters");
      out += `$${++n}`;
      i++;
      continue;
    }
    if (ch === "@") {
      WORD.lastIndex = i + 1;
      const m = WORD.exec(sql);
      if (!m) throw new Error(`bad parameter in SQL at ${i}`);
      if (n > 0 && !names) throw new Error("SQL mixes ? and @name parameters");
      names ??= [];
      let index = named.get(m[0]);
      if (index === undefined) {
        names.push(m[0]);
        index = names.length;
        named.set(m[0], index);
        n = index;
      }
      out += `$${index}`;
      i += 1 + m[0].length;
      continue;
    }
    if (ch === "(") {
      closers.push(null);
      out += ch;
      i++;
      continue;
    }
    if (ch === ")") {
      const closer = closers.pop();
      out += closer ?? ")";
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? " ")) {
      WORD.lastIndex = i;
      const word = WORD.exec(sql)![0];
      const after = i + word.length;
      const call = sql[after] === "(";
      if (word === "INDEXED" && /^\s+BY\s+[A-Za-z0-9_]+/.test(sql.slice(after))) {
        i = after + /^\s+BY\s+[A-Za-z0-9_]+/.exec(sql.slice(after))![0].length;
        out = out.replace(/\s+$/, "");
        continue;
      }
      if (call && word === "json_each") {
        out += "json_array_elements_text(";
        closers.push("::json)");
        i = after + 1;
        continue;
      }
      if (call && word === "json_group_array") {
        out += "coalesce(json_agg(";
        closers.push("), '[]')");
        i = after + 1;
        continue;
      }
      if (call && word === "julianday") {
        out += "(";
        closers.push(")");
        i = after + 1;
        continue;
      }
      if (call && word === "json_object") {
        out += "json_build_object";
        i = after;
        continue;
      }
      out += /[a-z]/.test(word) && /[A-Z]/.test(word) ? `"${word}"` : word;
      i = after;
      continue;
    }
    out += ch;
    i++;
  }
  return { text: out, names };
}
