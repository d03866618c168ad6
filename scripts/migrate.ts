// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or
// DATA_DIR/app.db), creating the file when there is none. Works while servers
// run on the database (app/utils/migrations.server.ts, ADR 022).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { databaseFile, databaseProvider } from "../app/utils/database-url.ts";
import { applyMigrations, MigrationError } from "../app/utils/migrations.server.ts";
import { checkDatabase } from "../app/utils/database-check.server.ts";
import { settingsProblems } from "../app/utils/env.server.ts";

// PostgreSQL (ADR 039): Prisma's own migrator takes no exclusive lock there, so it runs
// beside live servers; it applies prisma/postgres/migrations through prisma.config.ts.
if (databaseProvider() === "postgresql") {
  const deploy = spawnSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
  process.exit(deploy.status ?? 1);
}

const problems = settingsProblems(process.env);
if (problems.length) {
  for (const p of problems) console.error(`Cannot migrate: ${p}`);
  process.exit(2);
}
const file = databaseFile();
if (fs.existsSync(file)) {
  const check = checkDatabase(file);
  if (!check.ok && !["unmigrated", "outdated"].includes(check.problem)) {
    console.error(`Cannot migrate: ${check.message}`);
    process.exit(1);
  }
}
try {
  const applied = applyMigrations(file);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${file}: ${applied.join(", ")}`
      : `${file} is up to date: no migration to apply.`,
  );
} catch (e) {
  if (!(e instanceof MigrationError)) throw e;
  console.error(`Cannot migrate: ${e.message} (database ${file})`);
  process.exit(1);
}
