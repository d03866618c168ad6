// A single-file run pays for PostgreSQL only when the file is in the postgres project
// (issue 14 point 5, ADR 051): running a SQLite-only file must not start the run's
// cluster (~13 s). Vitest runs a project's global setup only for projects with a
// selected file; this holds it there, with a nested run of a small file that is in
// the sqlite project alone. BEE_TEST_PG_SETUP_LOG makes the postgres project's
// global setup (tests/setup/postgres-global-setup.ts) leave a line when it runs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SUITES } from "../setup/postgres-suites.ts";

/** A nested `vitest run` (a run of its own, not a worker of this one), its output without colours. */
function nestedRun(args: string[], extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key.startsWith("BEE_TEST_")) delete env[key];
  Object.assign(env, { NO_COLOR: "1", FORCE_COLOR: "0" }, extraEnv);
  return spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...args], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
}

describe("vitest projects", () => {
  it("a run of a SQLite-only file does not start the PostgreSQL project's cluster", () => {
    const file = "tests/integration/deploy-config.test.ts";
    expect(POSTGRES_SUITES.exclude).toContain(file);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-projects-"));
    const log = path.join(dir, "setup.log");
    const run = nestedRun([file], { BEE_TEST_PG_SETUP_LOG: log });
    try {
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain("|sqlite| tests/integration/deploy-config.test.ts");
      expect(run.stdout).not.toContain("|postgres|");
      expect(fs.existsSync(log), "the postgres project's global setup ran").toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("where PostgreSQL cannot run, the run stops and says how to get it or how to run the SQLite suites alone", () => {
    // A model suite, so the postgres project has a file to run; PG_BIN_DIR without initdb stands for a machine without it.
    const run = nestedRun(["--project", "postgres", "app/models/base-import.server.test.ts"], {
      PG_BIN_DIR: "/nonexistent/postgresql/bin",
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).not.toBe(0);
    expect(output).toContain("The model and integration suites also run on PostgreSQL");
    expect(output).toContain("PG_BIN_DIR=/nonexistent/postgresql/bin has no initdb");
    expect(output).toContain("apt-get install -y postgresql-15 postgresql-contrib");
    expect(output).toContain("npm run test:sqlite");
  }, 90_000);
});
