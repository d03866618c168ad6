// One place that turns DATABASE_URL (or its default under DATA_DIR) into the
// file: URL both the Prisma CLI and the app use. Kept free of other imports so the
// CLI config can load it before the app's env module.
import fs from "node:fs";
import path from "node:path";

export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR || "data");
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url) return url;
  const dir = dataDir();
  fs.mkdirSync(dir, { recursive: true });
  return `file:${path.join(dir, "app.db")}`;
}

export type DatabaseProvider = "sqlite" | "postgresql";

/** Which database a URL names: `file:` is the embedded SQLite default, `postgres(ql)://` the scale-out one (ADR 039). */
export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  return "sqlite";
}

/** Where a provider's schema and migrations live (prisma/ for SQLite, prisma/postgres/ for PostgreSQL). */
export function prismaPaths(provider: DatabaseProvider) {
  const dir = provider === "postgresql" ? path.join("prisma", "postgres") : "prisma";
  return { schema: path.join(dir, "schema.prisma"), migrations: path.join(dir, "migrations") };
}

/** The SQLite file behind databaseUrl() (for connections opened without Prisma). */
export function databaseFile(): string {
  return path.resolve(
    databaseUrl()
      .replace(/^file:/, "")
      .replace(/\?.*$/, ""),
  );
}
