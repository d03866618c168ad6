// The PostgreSQL project's global setup (issue 14 point 5, ADR 051): one throwaway
// PostgreSQL 15 cluster for the whole run, with one database migrated by Prisma's
// migrator as the template; each test file then gets a fresh database copied from
// it (CREATE DATABASE … TEMPLATE, tests/setup/vitest.setup.ts). Stopped and removed
// at the end of the run. Where the server binaries are missing the run stops here
// with how to get them: the PostgreSQL suites are part of `npm test`, not optional.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { postgresUnavailable, startPostgres } from "../helpers/postgres.ts";

export const TEMPLATE_DATABASE = "bee_template";

// Vitest (3.2) runs a project's global setup only when at least one selected file
// belongs to that project: `npx vitest run <file>` of a file outside the postgres
// project's list (tests/setup/postgres-suites.ts) starts no cluster; a file in both
// projects does (~13 s: initdb, then the template's migration), and
// `npx vitest run --project sqlite <file>` skips it. Guarded by
// tests/integration/test-projects.test.ts through BEE_TEST_PG_SETUP_LOG.
export default async function setup() {
  if (process.env.BEE_TEST_PG_SETUP_LOG) fs.appendFileSync(process.env.BEE_TEST_PG_SETUP_LOG, "postgres setup\n");
  const unavailable = postgresUnavailable();
  if (unavailable) {
    throw new Error(
      `The model and integration suites also run on PostgreSQL (vitest project "postgres"), and cannot here.\n${unavailable}\n` +
        "To run only the SQLite suites: npm run test:sqlite (npx vitest run --project sqlite).",
    );
  }
  const cluster = await startPostgres(TEMPLATE_DATABASE);
  try {
    const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: cluster.url },
    });
    if (migrate.status !== 0) throw new Error(`prisma migrate deploy failed on PostgreSQL:\n${migrate.stderr}`);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  // Read by each test file's setup (the workers start after this and inherit it).
  process.env.BEE_TEST_PG_TEMPLATE_URL = cluster.url;
  return () => cluster.stop();
}
