// Prisma CLI configuration. Prisma 6.19 runs here only with its JS engine and a driver
// adapter (docs/decisions/001-prisma-js-engine-on-sqlite.md). DATABASE_URL picks the
// database: SQLite (file:, the default) or PostgreSQL (postgres://…), each with its own
// schema and migrations, generated from one source (ADR 039).
// A config file stops Prisma from reading .env, so the URL is resolved here.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseProvider, databaseUrl, prismaPaths } from "./app/utils/database-url.ts";
import { pgAdapter } from "./app/utils/pg-adapter.ts";

const url = databaseUrl();
const provider = databaseProvider(url);
const paths = prismaPaths(provider);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: paths.schema,
  migrations: {
    path: paths.migrations,
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    return provider === "postgresql" ? pgAdapter(url) : new PrismaBetterSQLite3({ url });
  },
});
