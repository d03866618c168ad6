// Prisma CLI configuration. Prisma 6.19 runs here only with its JS engine and the
// better-sqlite3 driver adapter (see docs/decisions/001-prisma-js-engine-on-sqlite.md).
// A config file stops Prisma from reading .env, so the URL is resolved here.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./app/utils/database-url.ts";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    return new PrismaBetterSQLite3({ url: databaseUrl() });
  },
});
