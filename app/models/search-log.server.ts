// Search demand for the ministry dashboard (/insights): how often each query was
// searched per day and UI language, and how often it found nothing. No user
// identity is kept: not the member, not the IP, not the time of day — only the
// day (Asia/Shanghai), the normalized query, the UI language and two counters
// (SearchQueryDaily). Queries that look like personal data (an email address, a
// phone or ID number) are not logged at all.
//
// A search never waits on this: recordSearch() adds to an in-memory buffer and
// returns; the buffer is written in one statement per batch of rows, when it
// holds FLUSH_AT keys or FLUSH_EVERY_MS after the first unwritten search. At
// most that window of counts is lost if the process dies. Rows older than
// SEARCH_LOG_RETENTION_DAYS (default 180) are deleted by the first flush of each
// day in each process.
//
// The counts and the prune are written on the counters connection, not through
// Prisma (ADR 068): the flush of the first search loaded Prisma's query compiler
// (~35 MiB, for good) on every node that serves searches. They are upserts and a
// delete that need no transaction with any other write.
import { prisma, sqlFor } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import { runCounterStatement } from "~/utils/db-counters.server.ts";
import { env } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";

/**
 * The retention job's kind. The flush prunes by itself now (ADR 068); the job stays for rows
 * queued by earlier versions and for running the prune on demand.
 */
export const SEARCH_LOG_PRUNE_JOB = "search-log.prune";
export const MAX_LOGGED_QUERY = 100;
const FLUSH_AT = 500;
const FLUSH_EVERY_MS = 5_000;
/** Rows per INSERT: 5 parameters each, under SQLite's 999. */
const ROWS_PER_STATEMENT = 150;
/** A buffer that cannot be written (database down) stops growing here; new keys are dropped. */
const MAX_BUFFERED_KEYS = 20_000;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar day in Asia/Shanghai (no daylight saving there), as YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const LONG_NUMBER = /\d[\d\s-]{6,}\d/; // phone, ID card, bank card numbers

/**
 * The form a query is counted under: Unicode-normalized (full-width letters and
 * digits become ASCII), lowercased, inner whitespace collapsed, at most
 * MAX_LOGGED_QUERY characters. Null for an empty query or one that looks like
 * personal data.
 */
export function normalizeQuery(q: string): string | null {
  const n = q.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  if (!n || EMAIL.test(n) || LONG_NUMBER.test(n)) return null;
  return [...n].slice(0, MAX_LOGGED_QUERY).join("");
}

interface Counts {
  day: string;
  query: string;
  locale: string;
  searches: number;
  zeroResults: number;
}

const g = globalThis as unknown as {
  __searchLog?: {
    buffer: Map<string, Counts>;
    timer: NodeJS.Timeout | null;
    flushing: Promise<void> | null;
    prunedDay: string;
  };
};
const state = (g.__searchLog ??= { buffer: new Map(), timer: null, flushing: null, prunedDay: "" });

/**
 * Counts one search. Only the first page of a search counts (turning pages is
 * not a new search); `results` is the total number of hits.
 */
export function recordSearch(input: { query: string; locale: string; results: number; page?: number; now?: Date }) {
  if ((input.page ?? 1) !== 1) return;
  const query = normalizeQuery(input.query);
  if (!query) return;
  const locale = input.locale === "en" ? "en" : "zh-CN";
  const day = shanghaiDay(input.now ?? new Date());
  const key = `${day}\u0000${locale}\u0000${query}`;
  let c = state.buffer.get(key);
  if (!c) {
    if (state.buffer.size >= MAX_BUFFERED_KEYS) return;
    c = { day, query, locale, searches: 0, zeroResults: 0 };
    state.buffer.set(key, c);
  }
  c.searches += 1;
  if (input.results === 0) c.zeroResults += 1;
  if (state.buffer.size >= FLUSH_AT) void flushSearchLog();
  else state.timer ??= setTimeout(() => void flushSearchLog(), FLUSH_EVERY_MS).unref();
}

/** Writes the buffered counts (adding to what the day already has). Safe to call at any time. */
export async function flushSearchLog(now = new Date()): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
  if (state.flushing) await state.flushing;
  if (state.buffer.size === 0) return;
  const rows = [...state.buffer.values()];
  state.buffer = new Map();
  state.flushing = (async () => {
    try {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
        await runCounterStatement(
          `INSERT INTO SearchQueryDaily (day, query, locale, searches, zeroResults) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}
           ON CONFLICT (day, query, locale) DO UPDATE SET
             searches = SearchQueryDaily.searches + excluded.searches,
             zeroResults = SearchQueryDaily.zeroResults + excluded.zeroResults`,
          chunk.flatMap((r) => [r.day, r.query, r.locale, r.searches, r.zeroResults]),
        );
      }
      await pruneOncePerDay(now);
    } catch (error) {
      // Counts are statistics: a failed write is logged and dropped, never retried into a growing buffer.
      logger.warn({ err: error, rows: rows.length }, "search log flush failed");
    } finally {
      state.flushing = null;
    }
  })();
  await state.flushing;
}

/**
 * Prunes once per day and process: one indexed delete (SearchQueryDaily's day index), idempotent,
 * so several nodes doing it the same day cost nothing but the statement. It was a job, and the
 * worker's claim of it went through Prisma.
 */
async function pruneOncePerDay(now: Date) {
  const today = shanghaiDay(now);
  if (state.prunedDay === today) return;
  state.prunedDay = today;
  await pruneSearchLog(now);
}

/** Deletes rows older than the retention. Returns how many went. */
export async function pruneSearchLog(
  now = new Date(),
  retentionDays = env().SEARCH_LOG_RETENTION_DAYS,
): Promise<number> {
  const cutoff = shanghaiDay(new Date(now.getTime() - retentionDays * 86_400_000));
  return runCounterStatement("DELETE FROM SearchQueryDaily WHERE day < ?", [cutoff]);
}

/**
 * Demo rows (prisma/demo-adoptions.ts), marked isDemo; a day and query that already has counts is left alone.
 * Through Prisma: the seed is a CLI that has it loaded anyway.
 */
export async function recordDemoDemand(rows: Array<Omit<Counts, "locale"> & { locale: string }>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await prisma.$executeRawUnsafe(
      sqlFor(`INSERT INTO SearchQueryDaily (day, query, locale, searches, zeroResults, isDemo)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, TRUE)").join(", ")} ON CONFLICT DO NOTHING`),
      ...chunk.flatMap((r) => [r.day, r.query, r.locale, r.searches, r.zeroResults]),
    );
  }
}

// ---------------------------------------------------------------- reads (dashboard)

export interface QueryDemand {
  query: string;
  searches: number;
  zeroResults: number;
}

/**
 * The most searched queries in [fromDay, toDay] (both languages together), and
 * the most searched of those that found nothing at least once (content gaps).
 */
export async function searchDemand(
  fromDay: string,
  toDay: string,
  take = 20,
): Promise<{ top: QueryDemand[]; zero: QueryDemand[] }> {
  // One pass over the range (a covering index), both languages together.
  const all = (await readStatement(
    `SELECT query, sum(searches) AS searches, sum(zeroResults) AS zeroResults
       FROM SearchQueryDaily INDEXED BY SearchQueryDaily_demand_idx
      WHERE day BETWEEN ? AND ? GROUP BY query`,
  ).all(fromDay, toDay)) as QueryDemand[];
  const byName = (a: QueryDemand, b: QueryDemand) => (a.query < b.query ? -1 : a.query > b.query ? 1 : 0);
  const top = [...all].sort((a, b) => b.searches - a.searches || byName(a, b)).slice(0, take);
  const zero = all
    .filter((q) => q.zeroResults > 0)
    .sort((a, b) => b.zeroResults - a.zeroResults || byName(a, b))
    .slice(0, take);
  return { top, zero };
}

/** Test hook: what is buffered and not yet written. */
export function bufferedSearches(): number {
  return state.buffer.size;
}
