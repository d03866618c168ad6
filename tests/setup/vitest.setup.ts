// Runs in each test file's process before it imports anything: gives the file
// its own copy of the migrated database and its own data directory. In the
// "postgres" project (BEE_TEST_DB=postgres, vite.config.ts) the copy is a fresh
// PostgreSQL database made from the migrated template of the run's one cluster
// (tests/setup/postgres-global-setup.ts); in the "sqlite" project it is a copy of
// the migrated SQLite file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "node:util";
import { afterAll, afterEach, beforeEach } from "vitest";
import { createDatabaseFromTemplate } from "../helpers/postgres.ts";

/** A database of this file's own on the run's PostgreSQL cluster, copied from the migrated template. */
async function postgresDatabaseForFile(): Promise<string> {
  const templateUrl = process.env.BEE_TEST_PG_TEMPLATE_URL;
  if (!templateUrl) throw new Error("BEE_TEST_DB=postgres needs the postgres project's global setup (vite.config.ts)");
  return createDatabaseFromTemplate(templateUrl, `file_${process.pid}_${Date.now().toString(36)}`);
}

const template = process.env.BEE_TEST_TEMPLATE_DB;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-file-"));
if (process.env.BEE_TEST_DB === "postgres") {
  process.env.DATABASE_URL = await postgresDatabaseForFile();
} else if (template) {
  const db = path.join(dir, "test.db");
  fs.copyFileSync(template, db);
  process.env.DATABASE_URL = `file:${db}`;
}
process.env.DATA_DIR = dir;
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = "silent";
process.env.APP_ORIGIN ??= "http://127.0.0.1:3000";

afterAll(async () => {
  if (process.env.BEE_TEST_DB === "postgres") await closePostgresConnections();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * PostgreSQL connections keep a file's process alive until each pool's idle timeout
 * (10 s), holding server connections meanwhile: the pools the file opened are closed
 * here (the modules are imported only when they did open one).
 */
async function closePostgresConnections() {
  const g = globalThis as Record<string, unknown>;
  if (g.__searchEngine || g.__searchIndexes) await (await import("~/search/index.server.ts")).closeSearchEngines();
  if (g.__rateLimitStore) (await import("~/utils/rate-limit.server.ts")).closeRateLimitStore();
  if (g.__prisma || g.__readDb) await (await import("~/utils/db.server.ts")).closeDatabase();
}

// A console.error in a test is a failure nobody asserted on (Epic Stack's rule).
// A test that expects one replaces console.error with its own spy, which this
// wrapper then never sees.
const consoleError = console.error;
let unexpectedErrors: string[] = [];
beforeEach(() => {
  unexpectedErrors = [];
  console.error = (...args: unknown[]) => {
    const message = format(...args);
    // Rendering a RemixStub (a browser router) to a string in Node always warns about
    // its useLayoutEffect; the pages' real server render never does.
    if (message.startsWith("Warning: useLayoutEffect does nothing on the server")) return;
    unexpectedErrors.push(message);
    consoleError(...args);
  };
});
// pg's deprecations are what pg 9 refuses (db.server.ts serializes a transaction's
// statements for one of them): a test that causes one fails. Emitted once per process.
const pgDeprecations: string[] = [];
process.on("warning", (w) => {
  if (w.name === "DeprecationWarning" && w.message.includes("pg@9")) pgDeprecations.push(w.message);
});
afterEach(async () => {
  console.error = consoleError;
  await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  if (pgDeprecations.length > 0)
    throw new Error(`pg deprecation during the test: ${pgDeprecations.splice(0).join("\n")}`);
  if (unexpectedErrors.length > 0) {
    throw new Error(`console.error was called during the test:\n${unexpectedErrors.join("\n")}`);
  }
});
