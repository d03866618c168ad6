/// <reference types="vitest/config" />
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { POSTGRES_SUITES } from "./tests/setup/postgres-suites.ts";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  server: { hmr: { port: Number(process.env.HMR_PORT || 24678) } },
  build: { target: "es2022", cssMinify: true },
  plugins: [
    !process.env.VITEST &&
      remix({
        // Route folders hold route.tsx plus that route's private modules (the
        // default flat-routes folder convention); tests beside them are not routes.
        ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
  ],
  test: {
    environment: "node",
    setupFiles: ["./tests/setup/vitest.setup.ts"],
    pool: "forks",
    // Two test files at a time even on two cores (Vitest's default is cores − 1 = one): most
    // integration files spend their time waiting on a spawned server, a PostgreSQL cluster or
    // a child process, so a second file fills that wait. Measured on this 2-core machine: the
    // whole run 948 s with one worker (stop 23's CI), 656 s with two, all files passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two projects (ADR 051): every suite on SQLite, the embedded default, and the
    // model and integration suites again on PostgreSQL 15, each file on a fresh
    // database of one throwaway cluster. `--project sqlite` runs only the first.
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: [
            "app/**/*.test.{ts,tsx}",
            "server/**/*.test.ts",
            "tests/integration/**/*.test.ts",
            "tests/relevance/**/*.test.ts",
            "scripts/**/*.test.ts",
            "tests/bench/**/*.test.ts",
          ],
          globalSetup: ["./tests/setup/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: POSTGRES_SUITES.include,
          exclude: POSTGRES_SUITES.exclude,
          env: { BEE_TEST_DB: "postgres" },
          globalSetup: ["./tests/setup/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
