// What `npm run serve` and `npm run dev` do before listening (server/index.ts
// --prepare calls prepare() in its own process, so signals reach the server):
// applies committed migrations without blocking servers already running on the
// database (app/utils/migrations.server.ts, ADR 022), loads the initial topic
// list when it is empty and, when the database has no bases yet and DEMO_DATA is
// on, the demo content. Safe to run on every start. Run directly
// (`tsx scripts/prepare.ts`) it does the same and exits.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { databaseFile, databaseProvider, databaseUrl } from "../app/utils/database-url.ts";
import { checkDatabase, checkPostgres } from "../app/utils/database-check.server.ts";
import { applyMigrations, MigrationError } from "../app/utils/migrations.server.ts";
import { env, settingsProblems } from "../app/utils/env.server.ts";
import { loadPg, pgConfig } from "../app/utils/pg-adapter.ts";

/** A problem the operator must fix: printed as one line, without a stack. */
export class StartError extends Error {
  override name = "StartError";
}

function hasTables(file: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get();
  } finally {
    db.close();
  }
}

/**
 * PostgreSQL (ADR 047): the database must exist (a typo in DATABASE_URL must not
 * start a new, empty site); Prisma's migrator applies what is pending. It takes an
 * advisory lock, so nodes starting together apply each migration once.
 */
async function preparePostgres(): Promise<void> {
  const check = await checkPostgres(databaseUrl());
  if (!check.ok && !["unmigrated", "outdated"].includes(check.problem)) throw new StartError(check.message);
  if (!check.ok) {
    const deploy = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      encoding: "utf8",
      env: process.env,
    });
    if (deploy.status !== 0) {
      throw new StartError(`applying the migrations failed: ${(deploy.stderr || deploy.stdout).trim().slice(-800)}`);
    }
  }
}

export async function prepare(): Promise<void> {
  if (databaseProvider() === "postgresql") {
    await preparePostgres();
    return seed();
  }
  const file = databaseFile();
  if (!fs.existsSync(file)) {
    // A DATABASE_URL named on purpose that points nowhere is most likely a typo:
    // starting would serve a new, empty site. Only the default place is created.
    if (process.env.DATABASE_URL) {
      throw new StartError(
        `DATABASE_URL: no database at ${file}. For a new installation create it with \`npm run db:migrate\` (same DATABASE_URL); otherwise fix the path.`,
      );
    }
  } else {
    const check = checkDatabase(file, { thorough: true });
    if (!check.ok) {
      const migratable = check.problem === "outdated" || (check.problem === "unmigrated" && !hasTables(file)); // an empty file
      if (!migratable) throw new StartError(check.message);
    }
  }
  try {
    const applied = applyMigrations(file);
    if (applied.length) console.log(`Applied ${applied.length} migration(s) to ${file}: ${applied.join(", ")}`);
  } catch (e) {
    if (e instanceof MigrationError) throw new StartError(`${e.message} (database ${file})`);
    throw e;
  }
  await seed();
}

/**
 * Whether a seed has anything to do: the topic list is empty, or demo data is on and
 * there is no base yet. Asked with one plain query, so a start on a database that has
 * both (every start but the first) never loads the seeds: they import the models, a
 * Prisma client of their own and sharp (~250 ms and ~40 MiB of a start, issue 15.5).
 */
async function seedWanted(): Promise<boolean> {
  const tables = env().DEMO_DATA ? ["Topic", "Base"] : ["Topic"];
  const probe = tables.map((t) => `SELECT NOT EXISTS (SELECT 1 FROM "${t}") AS empty`).join(" UNION ALL ");
  if (databaseProvider() === "postgresql") {
    const client = new (loadPg().Client)(pgConfig(databaseUrl()));
    client.on("error", () => {});
    await client.connect();
    try {
      return (await client.query<{ empty: boolean }>(probe)).rows.some((r) => r.empty);
    } finally {
      await client.end();
    }
  }
  const db = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(probe).all() as Array<{ empty: number }>).some((r) => r.empty === 1);
  } finally {
    db.close();
  }
}

async function seed(): Promise<void> {
  if (!(await seedWanted())) return;
  const { seedTopicsIfEmpty } = await import("../prisma/topics.ts");
  await seedTopicsIfEmpty();
  const { seedIfEmpty } = await import("../prisma/seed.ts");
  await seedIfEmpty();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const problems = settingsProblems(process.env);
  if (problems.length) {
    for (const p of problems) console.error(`Cannot prepare: ${p}`);
    process.exit(2);
  }
  try {
    await prepare();
    const { closeDatabase } = await import("../app/utils/db.server.ts");
    await closeDatabase();
  } catch (e) {
    if (!(e instanceof StartError)) throw e;
    console.error(`Cannot prepare: ${e.message}`);
    process.exit(1);
  }
}
