// Migrates one template database per test run; each test file gets a copy
// (tests/setup/vitest.setup.ts), so tests run on real SQLite with real migrations.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-test-"));
  const base = path.join(dir, "base.db");
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${base}` },
    stdio: "ignore",
  });
  process.env.BEE_TEST_TEMPLATE_DB = base;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
