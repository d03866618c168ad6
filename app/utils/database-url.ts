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

/** The SQLite file behind databaseUrl() (for connections opened without Prisma). */
export function databaseFile(): string {
  return path.resolve(
    databaseUrl()
      .replace(/^file:/, "")
      .replace(/\?.*$/, ""),
  );
}
