// Preloaded into a server by `npm run bench:resident` (node --import): on SIGWINCH it writes
// what the process can say about its own memory to $BEE_MEMORY_PROBE_FILE, so the breakdown
// names the parts that /proc/PID/smaps cannot tell apart (issue 15.4): V8's heap by space
// (committed and used), code and bytecode, memory outside the heap (Buffers, wasm memories),
// the threads (segmentation workers, libuv's pool) and what the page caches hold.
// Dependency-free: it runs before the server's own modules load.
import fs from "node:fs";
import v8 from "node:v8";

function threads() {
  const names = {};
  for (const t of fs.readdirSync("/proc/self/task")) {
    let name = "?";
    try {
      name = fs.readFileSync(`/proc/self/task/${t}/comm`, "utf8").trim();
    } catch {
      // The thread ended meanwhile.
    }
    names[name] = (names[name] || 0) + 1;
  }
  return names;
}

process.on("SIGWINCH", () => {
  const file = process.env.BEE_MEMORY_PROBE_FILE;
  if (!file) return;
  const pageCacheBytes = globalThis.__beePageCacheBytes;
  const report = {
    memoryUsage: process.memoryUsage(),
    spaces: v8.getHeapSpaceStatistics().map((s) => ({
      space: s.space_name,
      committed: s.physical_space_size,
      used: s.space_used_size,
    })),
    code: v8.getHeapCodeStatistics(),
    heap: v8.getHeapStatistics(),
    threads: threads(),
    pageCacheBytes: typeof pageCacheBytes === "function" ? pageCacheBytes() : null,
  };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
  fs.renameSync(`${file}.tmp`, file);
});
