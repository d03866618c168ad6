// The one browser test on PostgreSQL (issue 14 point 5: "browser tests stay on SQLite
// plus one PostgreSQL smoke test"). The other browser tests use the SQLite server of
// playwright.config.ts; this file starts its own production server on a throwaway
// PostgreSQL 15 cluster (tests/helpers/postgres.ts) with the demo data, and a browser
// reads the home page, the case list, a case and the search page through the
// PostgreSQL search engine, then searches as a visitor types (client-side, hydrated).
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";
import { freePort, makeDataDir, prepare, serverEnv, startServer, waitForHttp } from "./lib/app-server.ts";

const unavailable = postgresUnavailable();
// CI installs PostgreSQL (.ci/run): there a missing server is a failure, not a skip.
if (unavailable && process.env.CI) throw new Error(unavailable);

test.describe("on PostgreSQL", () => {
  // Deliberate: on a developer's machine without PostgreSQL's binaries the smoke test is skipped with the
  // reason (what to install); in CI it cannot be, the throw above ends the run instead.
  test.skip(!!unavailable, unavailable ?? "");
  test.describe.configure({ timeout: 180_000 });

  let cluster: PostgresCluster;
  let server: ChildProcess | null = null;
  let dataDir = "";
  let origin = "";

  test.beforeAll(async () => {
    cluster = await startPostgres("bee_e2e");
    dataDir = makeDataDir("bee-e2e-pg-");
    const port = await freePort();
    const env = serverEnv({ dataDir, port, extra: { PAGE_CACHE_SECONDS: "0" } });
    env.DATABASE_URL = cluster.url;
    // Migrations and the demo data, as `npm run serve` does before it starts.
    prepare(env);
    server = startServer(env, "inherit");
    origin = env.APP_ORIGIN!;
    await waitForHttp(`${origin}/favicon.svg`);
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    await cluster?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("pages, a case and search answer from PostgreSQL in the browser", async ({ page }) => {
    const ready = await page.request.get(`${origin}/readyz`);
    expect(ready.status(), await ready.text()).toBe(200);

    await page.goto(`${origin}/`);
    await expect(page.locator("main")).toBeVisible();

    await page.goto(`${origin}/cases`);
    const firstCase = page.locator('main a[href^="/cases/"]:not([href="/cases/new"])').first();
    await expect(firstCase).toBeVisible();
    const href = (await firstCase.getAttribute("href"))!;
    await page.goto(`${origin}${href}`);
    await expect(page.locator("main h1")).toBeVisible();
    await expect(page.locator("main h1")).not.toBeEmpty();

    // The demo cases reach the PostgreSQL index through the outbox, drained by the node's worker.
    await expect
      .poll(
        async () => {
          await page.goto(`${origin}/search?q=${encodeURIComponent("海外仓")}`);
          return page.locator('main a[href^="/cases/"]').count();
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBeGreaterThan(0);

    // As a visitor types (hydrated: the search runs through /search.data, not a page load).
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    const searched = page.waitForRequest((r) => new URL(r.url()).pathname === "/search.data");
    await page.locator("#search-q").fill("跨境电商");
    await searched;
    await expect(page).toHaveURL(/[?&]q=%E8%B7%A8%E5%A2%83%E7%94%B5%E5%95%86/);
    await expect(page.locator('main a[href^="/cases/"]').first()).toBeVisible();
  });
});
