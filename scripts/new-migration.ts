// Authors a migration by diffing the schema at HEAD against the working schema
// (`prisma migrate dev` cannot run here: docs/decisions/001-prisma-js-engine-on-sqlite.md).
// Usage: npm run db:new-migration -- <name>
// Exit: 0 with a new folder under prisma/migrations, or 0 with "no changes".
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9_]+/g, "_")
  .replace(/^_+|_+$/g, "");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>");
  process.exit(1);
}

const migrationsDir = path.join("prisma", "migrations");
const hasMigrations = fs.readdirSync(migrationsDir).some((d) => /^\d{14}_/.test(d));
let from: string[];
if (!hasMigrations) {
  from = ["--from-empty"];
} else {
  // The last committed schema is what the committed migrations produce.
  const old = spawnSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
  if (old.status !== 0) {
    console.error("Could not read prisma/schema.prisma at HEAD; commit the previous migration first.");
    process.exit(1);
  }
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
  fs.writeFileSync(tmp, old.stdout);
  from = ["--from-schema-datamodel", tmp];
}

const diff = spawnSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script", "--exit-code"],
  { encoding: "utf8" },
);
if (diff.status === 0) {
  console.log("No schema changes since HEAD.");
  process.exit(0);
}
if (diff.status !== 2) {
  console.error(diff.stderr || diff.stdout);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
console.log(`Wrote ${dir}/migration.sql`);
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
