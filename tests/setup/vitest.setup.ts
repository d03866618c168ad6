// Runs in each test file's process before it imports anything: gives the file
// its own copy of the migrated database and its own data directory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const template = process.env.BEE_TEST_TEMPLATE_DB;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-file-"));
if (template) {
  const db = path.join(dir, "test.db");
  fs.copyFileSync(template, db);
  process.env.DATABASE_URL = `file:${db}`;
}
process.env.DATA_DIR = dir;
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = "silent";
process.env.APP_ORIGIN ??= "http://127.0.0.1:3000";

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
