// Where a request's time goes, for the Server-Timing header (issue 15 point 6): the
// Express server opens a store per request (server/app.ts), the database layer adds
// the time its driver calls take (db.server.ts, db-read.server.ts), and the document
// renderer writes the header (entry.server.tsx). One AsyncLocalStorage per process,
// shared by the server and the app bundle through globalThis (as the metrics are).
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestTiming {
  start: number;
  dbMs: number;
  dbCalls: number;
}

const g = globalThis as unknown as { __beeRequestTiming?: AsyncLocalStorage<RequestTiming> };
export const requestTiming = (g.__beeRequestTiming ??= new AsyncLocalStorage<RequestTiming>());

/** Runs `fn` with a fresh timing store (one per request). */
export function withRequestTiming<T>(fn: () => T): T {
  return requestTiming.run({ start: performance.now(), dbMs: 0, dbCalls: 0 }, fn);
}

/** Adds a database call's duration to the current request, if any. */
export function recordDb(startedAt: number): void {
  const t = requestTiming.getStore();
  if (!t) return;
  t.dbMs += performance.now() - startedAt;
  t.dbCalls++;
}

/** Times a synchronous database call (the read connection). */
export function timedDbSync<T>(fn: () => T): T {
  const started = performance.now();
  try {
    return fn();
  } finally {
    recordDb(started);
  }
}

/** Times an asynchronous database call (Prisma's driver adapter). */
export async function timedDb<T>(fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    recordDb(started);
  }
}

/**
 * The Server-Timing value for the current request: `db` (driver time and calls),
 * `app` (everything before rendering: routing, loaders, serialization, minus db) and
 * the named phases given (e.g. render).
 */
export function serverTiming(phases: Record<string, number> = {}, appEnd = performance.now()): string | null {
  const t = requestTiming.getStore();
  if (!t) return null;
  const parts = [
    `db;dur=${t.dbMs.toFixed(1)};desc="${t.dbCalls} calls"`,
    `app;dur=${Math.max(0, appEnd - t.start - t.dbMs).toFixed(1)}`,
  ];
  for (const [name, ms] of Object.entries(phases)) parts.push(`${name};dur=${ms.toFixed(1)}`);
  return parts.join(", ");
}
