// `npm run db:new-migration -- <name>` authors one migration for both databases in one step
// (issue 14 point 1, ADR 039). Run on a throwaway copy of the repository's Prisma files in
// a git repository of its own: a new model becomes a SQLite and a PostgreSQL migration of
// the same name, the PostgreSQL schema is regenerated, the SQLite one is applied to the
// local database, and the PostgreSQL one applies to a real PostgreSQL 15 where one can start.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUnavailable, startPostgres } from "../tests/helpers/postgres.ts";

// What the script and the Prisma CLI's config read (prisma.config.ts imports two app modules).
const FILES = [
  "prisma.config.ts",
  "package.json",
  "scripts/new-migration.ts",
  "scripts/postgres-schema.ts",
  "app/utils/database-url.ts",
  "app/utils/pg-adapter.ts",
];
const WIDGET = `
model Widget {
  id        String   @id @default(cuid())
  name      String
  createdAt DateTime @default(now())
}
`;

let dir: string;
// The Prisma CLI as `npx prisma` finds it, without npx (~0.4 s a call); scripts run as
// `npm run db:new-migration` does, with tsx's loader in one process.
const PRISMA = "node_modules/prisma/build/index.js";
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd, args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "local.db")}`, ...env },
  });
const git = (...args: string[]) => {
  const r = run("git", ["-c", "user.email=test@example.invalid", "-c", "user.name=test", ...args]);
  expect(r.status, r.stderr).toBe(0);
};
const migrationFolders = (rel: string) => fs.readdirSync(path.join(dir, rel)).filter((d) => d.endsWith("_add_widget"));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "new-migration-"));
  fs.cpSync("prisma", path.join(dir, "prisma"), {
    recursive: true,
    filter: (src) => !/\.db(-wal|-shm|-journal)?$/.test(src),
  });
  for (const f of FILES) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(f, path.join(dir, f));
  }
  fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  // The committed migrations applied first, as on a developer's machine.
  const deploy = run(process.execPath, [PRISMA, "migrate", "deploy"]);
  expect(deploy.status, deploy.stderr + deploy.stdout).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run db:new-migration", () => {
  it("writes nothing when the schema has not changed since the last commit", () => {
    const r = run(process.execPath, ["--import", "tsx", "scripts/new-migration.ts", "add widget"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("No schema changes since HEAD.");
    expect(migrationFolders("prisma/migrations")).toEqual([]);
  }, 120_000);

  it("refuses to run without a name", () => {
    const r = run(process.execPath, ["--import", "tsx", "scripts/new-migration.ts"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Usage: npm run db:new-migration -- <name>");
  }, 60_000);

  it("authors the same migration for SQLite and PostgreSQL and applies the SQLite one", () => {
    fs.appendFileSync(path.join(dir, "prisma/schema.prisma"), WIDGET);
    const r = run(process.execPath, ["--import", "tsx", "scripts/new-migration.ts", "add widget"]);
    expect(r.status, r.stderr + r.stdout).toBe(0);

    const sqlite = migrationFolders("prisma/migrations");
    const postgres = migrationFolders("prisma/postgres/migrations");
    expect(sqlite).toHaveLength(1);
    expect(postgres).toEqual(sqlite);
    const sql = (rel: string) => fs.readFileSync(path.join(dir, rel, sqlite[0]!, "migration.sql"), "utf8");
    // Each in its own dialect: SQLite's DATETIME, PostgreSQL's TIMESTAMP(3).
    expect(sql("prisma/migrations")).toMatch(/CREATE TABLE "Widget"[\s\S]*DATETIME/);
    expect(sql("prisma/postgres/migrations")).toMatch(/CREATE TABLE "Widget"[\s\S]*TIMESTAMP\(3\)/);
    expect(fs.readFileSync(path.join(dir, "prisma/postgres/schema.prisma"), "utf8")).toContain("model Widget {");

    const db = new Database(path.join(dir, "local.db"), { readonly: true });
    try {
      const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Widget'").get();
      expect(table).toEqual({ name: "Widget" });
    } finally {
      db.close();
    }
  }, 180_000);

  const unavailable = postgresUnavailable();
  if (unavailable && process.env.CI) throw new Error(unavailable);
  it.skipIf(unavailable)(
    "the PostgreSQL migration it wrote applies to a real PostgreSQL",
    async () => {
      expect(migrationFolders("prisma/postgres/migrations")).toHaveLength(1);
      const cluster = await startPostgres();
      try {
        const r = run(process.execPath, [PRISMA, "migrate", "deploy"], { DATABASE_URL: cluster.url });
        expect(r.status, r.stderr + r.stdout).toBe(0);
        const client = new pg.Client({ connectionString: cluster.url });
        await client.connect();
        try {
          const { rows } = await client.query(
            `SELECT column_name FROM information_schema.columns WHERE table_name = 'Widget' ORDER BY column_name`,
          );
          expect(rows.map((row) => row.column_name)).toEqual(["createdAt", "id", "name"]);
        } finally {
          await client.end();
        }
      } finally {
        await cluster.stop();
      }
    },
    180_000,
  );
});
