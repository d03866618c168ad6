// Which test files the "postgres" vitest project runs (vite.config.ts, ADR 051): the
// model and integration suites, the ones that read and write the database. Left out,
// each with its reason: files that never touch the app database, files that start
// PostgreSQL clusters of their own, and the few that test SQLite itself.
export const POSTGRES_SUITES = {
  include: ["app/models/**/*.test.ts", "tests/integration/**/*.test.ts"],
  exclude: [
    // Start their own PostgreSQL cluster (and test PostgreSQL already).
    "tests/integration/postgres-nodes.test.ts",
    "tests/integration/postgres-schema.test.ts",
    "tests/integration/db-copy.test.ts",
  ],
};
