// The PostgreSQL schema and migrations stay in step with the SQLite ones (issue 14
// point 1, ADR 039): generated from one source, the same models and fields in both
// generated clients, the same migrations after the PostgreSQL baseline, and the
// migrations applied by `prisma migrate deploy` to a real, throwaway PostgreSQL 15
// produce exactly the tables and columns the schema describes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sqliteClient from "~/generated/prisma/internal/prismaNamespace.ts";
import * as pgClient from "~/generated/prisma-pg/internal/prismaNamespace.ts";
import { createPgPool } from "~/utils/pg-adapter.ts";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom } from "../../scripts/postgres-schema.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const MIGRATIONS = { sqlite: "prisma/migrations", postgres: "prisma/postgres/migrations" };
const folders = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((d) => /^\d{14}_/.test(d))
    .sort();

/** Every model's scalar fields, from a generated client's *ScalarFieldEnum objects. */
function fieldsOf(ns: Record<string, unknown>) {
  const out: Record<string, string[]> = {};
  for (const model of Object.values(ns.ModelName as Record<string, string>)) {
    out[model] = Object.values(ns[`${model}ScalarFieldEnum`] as Record<string, string>).sort();
  }
  return out;
}

describe("one source for both databases", () => {
  it("prisma/postgres/schema.prisma is generated from prisma/schema.prisma", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("both generated clients describe the same models and fields", () => {
    expect(fieldsOf(pgClient as never)).toEqual(fieldsOf(sqliteClient as never));
  });

  it("every migration after the PostgreSQL baseline exists for both databases", () => {
    const pgMigrations = folders(MIGRATIONS.postgres);
    const baseline = pgMigrations.find((m) => m.endsWith("_baseline"));
    expect(baseline, "prisma/postgres/migrations has a baseline").toBeDefined();
    // By timestamp: the baseline holds every schema change up to and including its own.
    const stampOf = (m: string) => m.slice(0, 14);
    const after = (list: string[]) => list.filter((m) => stampOf(m) > stampOf(baseline!));
    expect(after(pgMigrations)).toEqual(after(folders(MIGRATIONS.sqlite)));
    // A SQLite migration older than the baseline is in it: nothing of the schema is lost between them.
    expect(folders(MIGRATIONS.sqlite).filter((m) => stampOf(m) <= stampOf(baseline!)).length).toBeGreaterThan(0);
  });
});

const unavailable = postgresUnavailable();
if (unavailable && process.env.CI) throw new Error(unavailable);

describe.skipIf(unavailable)("migrations on a real PostgreSQL", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("npm run db:migrate applies them, and the tables match the schema column for column", async () => {
    const deploy = spawnSync("npm", ["run", "db:migrate"], {
      env: { ...process.env, DATABASE_URL: cluster.url },
      encoding: "utf8",
      cwd: path.resolve("."),
    });
    expect(deploy.status, deploy.stderr + deploy.stdout).toBe(0);
    expect(deploy.stdout).toContain("prisma/postgres/schema.prisma");

    const pool = createPgPool(cluster.url);
    try {
      const { rows } = await pool.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
      );
      const actual: Record<string, string[]> = {};
      for (const r of rows) (actual[r.table_name] ??= []).push(r.column_name);
      for (const k of Object.keys(actual)) actual[k]!.sort();
      expect(actual).toEqual(fieldsOf(pgClient as never));
      // A second deploy finds nothing to do.
      const again = spawnSync("npx", ["prisma", "migrate", "deploy"], {
        env: { ...process.env, DATABASE_URL: cluster.url },
        encoding: "utf8",
      });
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/No pending migrations/);
    } finally {
      await pool.end();
    }
  }, 120_000);

  it("the PostgreSQL client reads and writes through the adapter, as the app's models will", async () => {
    const { PrismaClient } = await import("~/generated/prisma-pg/client.ts");
    const { pgAdapter } = await import("~/utils/pg-adapter.ts");
    const db = new PrismaClient({ adapter: pgAdapter(cluster.url) });
    try {
      const user = await db.user.create({
        data: { email: "pg@example.org", username: "pg-user", displayName: "李 PG", passwordHash: "x" },
      });
      const read = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(read.displayName).toBe("李 PG");
      expect(read.createdAt).toBeInstanceOf(Date);
      await expect(
        db.user.create({ data: { email: "pg@example.org", username: "other", displayName: "x", passwordHash: "x" } }),
      ).rejects.toMatchObject({ code: "P2002" });
      const [n] = await db.$queryRawUnsafe<Array<{ n: bigint }>>('SELECT count(*) AS n FROM "User"');
      expect(Number(n!.n)).toBe(1);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);
});
