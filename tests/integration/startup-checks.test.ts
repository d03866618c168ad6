// What a server start checks before it serves (issue 10 point 11): the settings
// first (one line naming the variable and the accepted form, no stack, exit code
// 2, nothing written — no demo data), then the database (there, readable,
// migrated), refusing to serve with the problem, the path and the fix.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { checkDatabase } from "~/utils/database-check.server.ts";
import { applyMigrations, committedMigrations, migrationState } from "~/utils/migrations.server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bee-start-"));
const template = process.env.BEE_TEST_TEMPLATE_DB!;

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Starts the real entry (with --prepare, as npm run serve does) and returns how it ended. */
function start(env: Record<string, string>) {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith("VITEST") || k === "DATABASE_URL") delete clean[k];
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts", "--prepare"], {
    cwd: ROOT,
    env: { ...clean, NODE_ENV: "production", LOG_LEVEL: "error", DEMO_DATA: "true", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr.trim(), stdout: r.stdout };
}

function dir(name: string) {
  const d = path.join(work, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

const oneLineNoStack = (stderr: string) => {
  expect(stderr.split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |External error|Error:/);
};

describe("bad settings stop the start before anything is written", () => {
  it.each([
    ["PORT=abc", { PORT: "abc" }, /^Cannot start: PORT: must be a whole number from 0 to 65535/],
    [
      "a DATABASE_URL that is neither file: nor postgresql:",
      { DATABASE_URL: "mysql://db/bee" },
      /^Cannot start: DATABASE_URL: must be a SQLite file: URL .* or a PostgreSQL URL/,
    ],
    [
      "a missing directory",
      { DATABASE_URL: "file:/nonexistent/bee/app.db" },
      /^Cannot start: DATABASE_URL: the directory \/nonexistent\/bee does not exist/,
    ],
    [
      "a missing DATA_DIR",
      { DATA_DIR: "/nonexistent/bee-data" },
      /^Cannot start: DATA_DIR: the directory \/nonexistent\/bee-data does not exist/,
    ],
  ])("%s", { timeout: 60_000 }, (_name, env, message) => {
    const data = dir(`settings-${Math.random().toString(36).slice(2)}`);
    const r = start({ DATA_DIR: data, ...env });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    oneLineNoStack(r.stderr);
    // Nothing was created: no database, so no demo data.
    expect(fs.readdirSync(data)).toEqual([]);
  });

  let roMounted = false;
  const ro = path.join(work, "ro");
  try {
    fs.mkdirSync(ro);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", ro], { stdio: "ignore" });
    roMounted = true;
  } catch {
    // not root: no read-only mount to test against
  }
  afterAll(() => {
    if (roMounted) execFileSync("umount", [ro]);
  });
  it.runIf(roMounted)("a read-only mount", { timeout: 60_000 }, () => {
    const r = start({ DATA_DIR: ro });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Cannot start: DATA_DIR: the directory .* is not writable \(read-only file system\)/);
    oneLineNoStack(r.stderr);
  });
});

describe("the database check (checkDatabase, for the start and a readiness probe)", () => {
  const copy = (name: string) => {
    const f = path.join(dir("db"), `${name}.db`);
    fs.copyFileSync(template, f);
    return f;
  };

  it("accepts a migrated database", () => {
    expect(checkDatabase(copy("ok"), { thorough: true })).toEqual({ ok: true, file: expect.any(String) });
  });

  it("names a missing file, random bytes, an unmigrated, outdated, newer or damaged database, with the fix", () => {
    const missing = checkDatabase(path.join(work, "typo.db"));
    expect(missing).toMatchObject({ ok: false, problem: "missing" });
    expect(!missing.ok && missing.message).toMatch(/typo\.db.*npm run db:migrate/);

    const random = path.join(dir("db"), "random.db");
    fs.writeFileSync(random, Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919) % 251)));
    expect(checkDatabase(random)).toMatchObject({ ok: false, problem: "not-a-database" });

    const empty = path.join(dir("db"), "unmigrated.db");
    new Database(empty).exec("CREATE TABLE other (x)");
    const unmigrated = checkDatabase(empty);
    expect(unmigrated).toMatchObject({ ok: false, problem: "unmigrated" });
    expect(!unmigrated.ok && unmigrated.message).toMatch(/unmigrated\.db.*npm run db:migrate/);

    const outdated = copy("outdated");
    const last = committedMigrations().at(-1)!.name;
    new Database(outdated).prepare("DELETE FROM _prisma_migrations WHERE migration_name = ?").run(last);
    const o = checkDatabase(outdated);
    expect(o).toMatchObject({ ok: false, problem: "outdated" });
    expect(!o.ok && o.message).toContain(last);
    expect(!o.ok && o.message).toContain("npm run db:migrate");

    const newer = copy("newer");
    new Database(newer)
      .prepare(
        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'x', '2030-01-01', '20300101000000_future', '2030-01-01', 1)",
      )
      .run();
    expect(checkDatabase(newer)).toMatchObject({ ok: false, problem: "newer" });

    // Damage the pages after the first: the header still says SQLite.
    const damaged = copy("damaged");
    const fd = fs.openSync(damaged, "r+");
    const size = fs.fstatSync(fd).size;
    for (let at = 8192; at < size; at += 4096) fs.writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, at + 100);
    fs.closeSync(fd);
    expect(checkDatabase(damaged, { thorough: true })).toMatchObject({ ok: false, problem: "corrupt" });
  });

  it(
    "a start with --prepare refuses a damaged database (its quick_check runs once, in prepare)",
    { timeout: 60_000 },
    () => {
      const damaged = copy("damaged-start");
      const fd = fs.openSync(damaged, "r+");
      const size = fs.fstatSync(fd).size;
      for (let at = 8192; at < size; at += 4096) fs.writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, at + 100);
      fs.closeSync(fd);
      const r = start({ DATA_DIR: path.dirname(damaged), DATABASE_URL: `file:${damaged}` });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^Cannot start: The database .*damaged-start\.db is damaged/);
      oneLineNoStack(r.stderr);
    },
  );

  it(
    "a start refuses to serve an unmigrated or typo'd database, naming the path and the fix",
    { timeout: 60_000 },
    () => {
      const data = dir("refuse");
      const typo = start({ DATA_DIR: data, DATABASE_URL: `file:${path.join(data, "ap.db")}` });
      expect(typo.status).toBe(1);
      expect(typo.stderr).toMatch(/^Cannot start: DATABASE_URL: no database at .*ap\.db\. .*npm run db:migrate/);
      oneLineNoStack(typo.stderr);
      expect(fs.existsSync(path.join(data, "ap.db"))).toBe(false);

      const foreign = path.join(data, "foreign.db");
      new Database(foreign).exec("CREATE TABLE other (x)");
      const r = start({ DATA_DIR: data, DATABASE_URL: `file:${foreign}` });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(foreign);
      expect(r.stderr).toContain("npm run db:migrate");
      oneLineNoStack(r.stderr);
    },
  );
});

describe("applying migrations (npm run db:migrate)", () => {
  it("creates and migrates a database in Prisma's own bookkeeping, and a second run does nothing", () => {
    const last = committedMigrations().at(-1)!;
    const fresh = path.join(dir("migrate"), "fresh.db");
    expect(applyMigrations(fresh)).toEqual(committedMigrations().map((m) => m.name));
    expect(applyMigrations(fresh)).toEqual([]);
    const state = migrationState(new Database(fresh, { readonly: true }))!;
    expect(state.pending).toEqual([]);
    const row = new Database(fresh, { readonly: true })
      .prepare("SELECT checksum FROM _prisma_migrations WHERE migration_name = ?")
      .get(last.name) as { checksum: string };
    expect(row.checksum).toBe(last.checksum);
    expect(checkDatabase(fresh, { thorough: true }).ok).toBe(true);
    // Prisma's CLI agrees: nothing to apply.
    const status = spawnSync("npx", ["prisma", "migrate", "status"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${fresh}` },
      encoding: "utf8",
    });
    expect(status.stdout).toMatch(/Database schema is up to date/);
  });
});
