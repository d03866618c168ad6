// The rollup's exactness scenario (tests/helpers/insights-exactness.ts, ADR 053) on a
// throwaway PostgreSQL 15: the job's groupBy, the dashboard's translated statements
// (json_each, count FILTER, INDEXED BY dropped) and the writers' clearing of a day.
// Nothing here imports the database module statically: the scenario is imported
// once DATABASE_URL names the cluster, so Prisma and the read pool connect to it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const unavailable = postgresUnavailable();
if (unavailable && process.env.CI) throw new Error(unavailable);

let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  if (unavailable) return;
  cluster = await startPostgres();
  const migrate = spawnSync("npm", ["run", "db:migrate"], {
    env: { ...process.env, DATABASE_URL: cluster.url },
    encoding: "utf8",
    cwd: path.resolve("."),
  });
  if (migrate.status !== 0) throw new Error(migrate.stderr + migrate.stdout);
  process.env.DATABASE_URL = cluster.url;
}, 120_000);

afterAll(async () => {
  if (cluster) {
    const { closeDatabase } = await import("~/utils/db.server.ts");
    await closeDatabase();
    await cluster.stop();
  }
});

it.skipIf(unavailable)(
  "matches a direct count through the rollup's life, on PostgreSQL",
  async () => {
    const { checkExactness, runExactnessScenario } = await import("../helpers/insights-exactness.ts");
    checkExactness(await runExactnessScenario(), expect);
  },
  120_000,
);
