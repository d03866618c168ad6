// Runs in each test file's process before it imports anything: gives the file
// its own copy of the migrated database and its own data directory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "node:util";
import { afterAll, afterEach, beforeEach } from "vitest";

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

// A console.error in a test is a failure nobody asserted on (Epic Stack's rule).
// A test that expects one replaces console.error with its own spy, which this
// wrapper then never sees.
const consoleError = console.error;
let unexpectedErrors: string[] = [];
beforeEach(() => {
  unexpectedErrors = [];
  console.error = (...args: unknown[]) => {
    const message = format(...args);
    // Rendering a RemixStub (a browser router) to a string in Node always warns about
    // its useLayoutEffect; the pages' real server render never does.
    if (message.startsWith("Warning: useLayoutEffect does nothing on the server")) return;
    unexpectedErrors.push(message);
    consoleError(...args);
  };
});
afterEach(() => {
  console.error = consoleError;
  if (unexpectedErrors.length > 0) {
    throw new Error(`console.error was called during the test:\n${unexpectedErrors.join("\n")}`);
  }
});
