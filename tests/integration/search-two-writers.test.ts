// Two processes writing to the embedded search index at once (issue 10 point
// 11): its write transactions begin IMMEDIATE, so one waits for the other
// instead of failing with "database is locked".
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function writer(file: string, name: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/search-writer.ts"], {
      cwd: ROOT,
      env: { ...process.env, SEARCH_FILE: file, WRITER: name, WRITE_MS: "5000" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => resolve({ code, out: out.trim() }));
  });
}

describe("the embedded search engine with two writing processes", () => {
  it("both finish every write, none sees 'database is locked'", { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-fts2-"));
    const file = path.join(dir, "search.db");
    try {
      const results = await Promise.all([writer(file, "a"), writer(file, "b"), writer(file, "c")]);
      for (const r of results) {
        expect(r.out).toMatch(/^ok \d+$/);
        expect(r.code).toBe(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
