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
    "tests/integration/page-reads.test.ts",
    "tests/integration/insights-rollup-pg.test.ts",
    "tests/integration/postgres-close.test.ts",
    // SQLite only: a full disk under the SQLite file (a tmpfs) and a COMMIT that SQLite
    // refuses (a deferred foreign key, PRAGMA); PostgreSQL's disk is the server's.
    "tests/integration/storage-full.test.ts",
    // SQLite only: checks SQLite files (checkDatabase, applyMigrations) and start-up
    // settings in processes of their own; nothing in it uses the file's database.
    "tests/integration/startup-checks.test.ts",
    // SQLite only: tests the outbox against the embedded engine it builds itself, whose
    // index is the SQLite file DATABASE_URL names (on PostgreSQL it made a SQLite file
    // named after the URL). The PostgreSQL engine's outbox: the contract suite, postgres-nodes.
    "tests/integration/search-sync.test.ts",
    // SQLite only: checks that a start on SQLite loads neither the seeds nor PostgreSQL's
    // driver, which a start on PostgreSQL must load.
    "tests/integration/start-footprint.test.ts",
    // Never touch the app database: run once, in the sqlite project.
    "tests/integration/deploy-config.test.ts",
    "tests/integration/error-logging.test.ts",
    "tests/integration/form-schemas.property.test.ts",
    "tests/integration/mail-language.test.ts",
    "tests/integration/test-projects.test.ts",
    "app/models/case-content.test.ts",
    "app/models/notification-settings.test.ts",
    "app/models/search-glossary.test.ts",
    "app/models/search-params.test.ts",
    "app/models/slug.server.test.ts",
    "app/models/comment.server.test.ts",
  ],
};
