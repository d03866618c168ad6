// Browser tests (npm run test:e2e): Debian's Chromium (never a downloaded browser)
// against the built production server on a free port with a fresh data directory
// holding the demo data. Tests read that directory through E2E_DATA_DIR (mail
// files, the database for CLI commands); see tests/e2e/lib/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { freePortSync } from "./tests/e2e/lib/app-server.ts";

// The config is evaluated again in every worker process; the workers inherit these
// from the runner, so all of them talk to the one server.
process.env.E2E_PORT ||= String(freePortSync());
process.env.E2E_DATA_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), "bee-e2e-"));

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ci = !!process.env.CI;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.test.ts",
  outputDir: "test-results",
  fullyParallel: false,
  forbidOnly: ci,
  retries: 0,
  // One worker per two cores: each runs a Chromium, and with the server they are CPU-bound. Two
  // workers on this 2-core machine saved ~1 min of 15 and made the axe sweeps (a11y.test.ts, ~40
  // pages each) overrun their 180 s (session 15's CI); one per two cores is what held.
  workers: Math.max(1, Math.floor(os.availableParallelism() / 2)),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: ci ? [["list"], ["html", { open: "never" }]] : [["list"]],
  globalTeardown: "./tests/e2e/lib/global-teardown.ts",
  use: {
    baseURL,
    locale: "zh-CN",
    // Recording a trace of every test (kept only on failure) cost ~10–15 % of each test's time;
    // CI's clone is thrown away, so CI records none. Locally a failed test keeps its trace.
    trace: ci ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node --import tsx tests/e2e/lib/web-server.ts",
    url: `${baseURL}/favicon.svg`,
    // Includes a production build when build/ is older than the sources.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
