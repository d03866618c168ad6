// Several threads opening one fresh SQLite file at the same instant, each switching it to WAL:
// without the retry in useWalMode, about one round in twenty answered "database is locked"
// (the CI failure of tests/integration/search-two-writers.test.ts, stop 22).
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const THREADS = 4;
const ROUNDS = 150;

// Each thread opens round i's file once all threads have reached round i (a barrier in shared memory).
const threadSource = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.betterSqlite);
// The helper is TypeScript: tsx's require hook, registered in this thread, compiles it.
require(workerData.tsxCjs).register();
const { useWalMode } = require(workerData.helper);
const barrier = new Int32Array(workerData.barrier);
const failures = [];
for (let round = 0; round < workerData.rounds; round++) {
  Atomics.add(barrier, round, 1);
  while (Atomics.load(barrier, round) < workerData.threads) {}
  const db = new Database(workerData.dir + "/r" + round + ".db", { timeout: 5000 });
  try {
    useWalMode(db);
  } catch (err) {
    failures.push(round + ": " + err.message);
  } finally {
    db.close();
  }
}
parentPort.postMessage(failures);
`;

async function race(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-wal-"));
  try {
    const workerData = {
      dir,
      rounds: ROUNDS,
      threads: THREADS,
      barrier: new SharedArrayBuffer(4 * ROUNDS),
      betterSqlite: require.resolve("better-sqlite3"),
      helper: path.resolve(import.meta.dirname, "sqlite-wal.server.ts"),
      tsxCjs: require.resolve("tsx/cjs/api"),
    };
    const threads = Array.from({ length: THREADS }, () => new Worker(threadSource, { eval: true, workerData }));
    const answers = await Promise.all(
      threads.map(
        (t) =>
          new Promise<string[]>((resolve, reject) => {
            t.once("message", resolve);
            t.once("error", reject);
          }),
      ),
    );
    return answers.flat();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("useWalMode", () => {
  it(
    "switches a fresh file to WAL from several threads at once, none told 'database is locked'",
    { timeout: 60_000 },
    async () => {
      expect(await race()).toEqual([]);
    },
  );
});
