// The PostgreSQL schema is generated from prisma/schema.prisma, the one source of the
// models (ADR 039): only the datasource and the client's output differ. Run by
// `npm run db:new-migration` (which authors both migrations) and checked by
// scripts/postgres-schema.test.ts, so the two can never describe different models.
// Usage: tsx scripts/postgres-schema.ts [--check]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgres", "schema.prisma");

/** The PostgreSQL schema for a SQLite schema's text. Throws on anything it does not know how to carry over. */
export function postgresSchemaFrom(sqlite: string): string {
  const datasource = /datasource db \{[^}]*\}/;
  const generator = /generator client \{[^}]*\}/;
  if (!datasource.test(sqlite) || !generator.test(sqlite))
    throw new Error("schema.prisma: no datasource db or generator client block");
  // Native SQLite types would not mean the same on PostgreSQL: the models stay portable.
  if (/@db\.|Unsupported\(/.test(sqlite)) throw new Error("schema.prisma uses a native type: keep the models portable");
  const header =
    "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts: do not edit.\n" +
    "// The same models on PostgreSQL (ADR 039); migrations live in prisma/postgres/migrations.\n\n";
  return (
    header +
    sqlite
      .replace(
        generator,
        'generator client {\n  provider   = "prisma-client"\n  engineType = "client"\n  output     = "../../app/generated/prisma-pg"\n}',
      )
      .replace(
        datasource,
        'datasource db {\n  provider = "postgresql"\n  // Required by Prisma 6.19; the adapter in prisma.config.ts and app/utils/db.server.ts connects.\n  url      = "postgresql://localhost/bee"\n}',
      )
  );
}

export function writePostgresSchema(): boolean {
  const next = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (next === current) return false;
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, next);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const next = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    if (!fs.existsSync(POSTGRES_SCHEMA) || fs.readFileSync(POSTGRES_SCHEMA, "utf8") !== next) {
      console.error("prisma/postgres/schema.prisma is out of date: run `npx tsx scripts/postgres-schema.ts`.");
      process.exit(1);
    }
  } else {
    console.log(
      writePostgresSchema() ? "wrote prisma/postgres/schema.prisma" : "prisma/postgres/schema.prisma is current",
    );
  }
}
