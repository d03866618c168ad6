// Authors a migration for both databases in one step (ADR 039): it regenerates
// prisma/postgres/schema.prisma from prisma/schema.prisma, then diffs the schema at the
// last commit against the working one for each provider, writing
//   prisma/migrations/<timestamp>_<name>/migration.sql           (SQLite)
//   prisma/postgres/migrations/<timestamp>_<name>/migration.sql  (PostgreSQL)
// and applies the SQLite one to the local database. A data migration written by hand
// into one must get its equivalent in the other (tests/integration/postgres-schema.test.ts
// checks both folders hold the same migrations).
// (`prisma migrate dev` cannot run here: docs/decisions/001-prisma-js-engine-on-sqlite.md.)
// Usage: npm run db:new-migration -- <name>
// Exit: 0 with new folders, or 0 with "no changes".
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresSchemaFrom, writePostgresSchema } from "./postgres-schema.ts";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9_]+/g, "_")
  .replace(/^_+|_+$/g, "");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>");
  process.exit(1);
}

writePostgresSchema();

// The last committed schema is what the committed migrations produce.
const old = spawnSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
if (old.status !== 0) {
  console.error("Could not read prisma/schema.prisma at HEAD; commit the previous migration first.");
  process.exit(1);
}
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-"));

const targets = [
  { dir: path.join("prisma", "migrations"), schema: path.join("prisma", "schema.prisma"), before: old.stdout },
  {
    dir: path.join("prisma", "postgres", "migrations"),
    schema: path.join("prisma", "postgres", "schema.prisma"),
    before: postgresSchemaFrom(old.stdout),
  },
];

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
let wrote = 0;
for (const [i, t] of targets.entries()) {
  const before = path.join(tmpDir, `before-${i}.prisma`);
  fs.writeFileSync(before, t.before);
  const diff = spawnSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--from-schema-datamodel",
      before,
      "--to-schema-datamodel",
      t.schema,
      "--script",
      "--exit-code",
    ],
    { encoding: "utf8" },
  );
  if (diff.status === 0) continue;
  if (diff.status !== 2) {
    console.error(diff.stderr || diff.stdout);
    process.exit(1);
  }
  const dir = path.join(t.dir, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
  console.log(`Wrote ${dir}/migration.sql`);
  wrote++;
}
fs.rmSync(tmpDir, { recursive: true, force: true });
if (wrote === 0) {
  console.log("No schema changes since HEAD.");
  process.exit(0);
}
// Apply to the local (SQLite) database; a PostgreSQL one gets it from `npm run db:migrate`.
if (!/^postgres/i.test(process.env.DATABASE_URL ?? "")) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
}
