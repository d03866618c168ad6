// Worker threads that segment documents for the embedded engine while the main
// thread writes to SQLite (ADR 013). jieba is pure CPU and thread-safe per
// instance, so each worker loads its own dictionary (~250 ms, once) with the same
// domain terms and runs the very same function the main thread would
// (segmentChunk's source text), so the index cut does not depend on the thread.
//
// The workers are created from source (eval) rather than from a file: the app runs
// from TypeScript under tsx, from a Vite bundle in production and under Vitest,
// and none of these would hand a plain Worker a loadable .ts file. They are
// unref'ed, so an idle pool never keeps a process alive, and a pool left idle
// for IDLE_MS stops its threads: each holds a dictionary (~13 MiB) and a V8 heap, and a server
// needs them only for the occasional bulk batch (the next one starts a new pool).
import { createRequire } from "node:module";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { dictLines, fold, jiebaDictionary, segmentChunk, type SegmentedChunk } from "./segment.ts";
import { documentEntries, lexemeMemo, type TsvectorEntry, type TsvectorOptions } from "./tsvector.ts";

const require = createRequire(import.meta.url);

/** Worker threads for a machine: one per core, at most 4 (SQLite writes stay on one thread anyway). */
export function defaultSegmentWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

function workerSource(): string {
  // `__name` guards against transpilers that keep function names (esbuild's keepNames
  // wraps inner functions with it); the functions below are self-contained otherwise.
  return `
const __name = (f) => f;
const { parentPort, workerData } = require("node:worker_threads");
const { Jieba } = require(workerData.jiebaPath);
const jieba = Jieba.withDict(Buffer.from(workerData.dict.buffer, workerData.dict.byteOffset, workerData.dict.byteLength));
if (workerData.terms) jieba.loadDict(Buffer.from(workerData.terms));
const fold = (${fold.toString()});
const segmentChunk = (${segmentChunk.toString()});
const documentEntries = (${documentEntries.toString()});
const cut = (text) => jieba.cutForSearch(text, true);
const memo = (${lexemeMemo.toString()})();
parentPort.on("message", (job) => {
  try {
    // The PostgreSQL engine's jobs take its index entries, segmented and built in one pass
    // (ADR 067, ADR 075); the embedded engine's take the segmented texts and their frequencies.
    const result = job.tsv
      ? documentEntries(cut, fold, job.docs, job.tsv, memo, job.extras)
      : segmentChunk(cut, fold, job.docs);
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.stack || err) });
  }
});
`;
}

interface Job {
  resolve: (r: never) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Job>;
}

/** A pool with no job out for this long stops its threads. */
export const IDLE_MS = 60_000;

export class SegmentPool {
  private slots: Slot[] = [];
  private nextId = 0;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    size: number,
    /** Dictionary terms the workers load on top of jieba's own dictionary. */
    terms: readonly string[],
    private readonly idleMs = IDLE_MS,
  ) {
    const workerData = {
      jiebaPath: require.resolve("@node-rs/jieba"),
      // The dictionary as the main thread loads it (filtered once here, copied to each worker).
      dict: jiebaDictionary(),
      terms: terms.length ? dictLines(terms) : "",
    };
    const source = workerSource();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(source, { eval: true, workerData });
      const slot: Slot = { worker, pending: new Map() };
      worker.unref();
      worker.on("message", (m: { id: number; result?: never; error?: string }) => {
        const job = slot.pending.get(m.id);
        if (!job) return;
        slot.pending.delete(m.id);
        if (slot.pending.size === 0) worker.unref();
        this.closeWhenIdle();
        if (m.error !== undefined) job.reject(new Error(`segmentation worker failed: ${m.error}`));
        else job.resolve(m.result!);
      });
      const fail = (err: Error) => {
        for (const job of slot.pending.values()) job.reject(err);
        slot.pending.clear();
        this.slots = this.slots.filter((s) => s !== slot);
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`segmentation worker exited (${code})`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  private closeWhenIdle() {
    if (this.slots.some((s) => s.pending.size > 0)) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Segments one chunk on the least busy worker. Rejects if the pool is closed or the worker dies. */
  run(docs: string[][]): Promise<SegmentedChunk> {
    return this.post<SegmentedChunk>(docs);
  }

  /** Segments one chunk and builds its PostgreSQL index entries (tsvector.ts) on the least busy worker. */
  runTsvector(docs: string[][], opts: TsvectorOptions, extras?: string[][]): Promise<TsvectorEntry[]> {
    return this.post<TsvectorEntry[]>(docs, opts, extras);
  }

  private post<T>(docs: string[][], tsv?: TsvectorOptions, extras?: string[][]): Promise<T> {
    if (this.closed || this.slots.length === 0) return Promise.reject(new Error("segmentation pool is not running"));
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (r: never) => void, reject });
      // Keep the process alive only while a job is out.
      slot.worker.ref();
      slot.worker.postMessage({ id, docs, tsv, extras });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

// One pool per process, shared by every engine instance (each worker holds its own
// copy of the dictionary, tens of MiB). Replaced when the dictionary terms or the
// requested size change; jobs still running on a replaced pool fall back to the
// calling thread.
let shared: { pool: SegmentPool; size: number; version: number } | undefined;

export function segmentPool(size: number, dictionary: { terms: string[]; version: number }): SegmentPool {
  if (shared && shared.size === size && shared.version === dictionary.version && shared.pool.size > 0)
    return shared.pool;
  void shared?.pool.close();
  shared = { pool: new SegmentPool(size, dictionary.terms), size, version: dictionary.version };
  return shared.pool;
}

/** Stops the shared pool's threads (tests and CLIs that want a prompt exit). */
export async function closeSegmentPool(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.pool.close();
}
