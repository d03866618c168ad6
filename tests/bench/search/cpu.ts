// CPU seconds of the search bench's own work, from /proc (Linux): this process (main thread and
// segmentation workers) and the PostgreSQL server it started (postmaster and backends). Wall-clock
// rates on this shared machine move ±10 % between runs with the other processes' load; CPU seconds
// per document show what the work itself costs (session 13, pg-search8).
import fs from "node:fs";

function statOf(pid: number): number[] {
  const st = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name: [0] is field 3 (state), so utime (14) is [11], cutime (16) [13].
  return st
    .slice(st.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
}

/** CPU seconds of this process so far (every thread). */
export function processCpuSecs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * CPU seconds of the PostgreSQL server that is this process's child (postmaster, its live
 * children, and its children that have exited, counted on the postmaster), NaN when none is
 * found (not Linux, or no server started by this process).
 */
export function serverCpuSecs(): number {
  let pids: number[];
  try {
    pids = fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return NaN;
  }
  const master = pids.find((p) => {
    try {
      return statOf(p)[1] === process.pid && fs.readFileSync(`/proc/${p}/comm`, "utf8").trim() === "postgres";
    } catch {
      return false;
    }
  });
  if (!master) return NaN;
  const m = statOf(master);
  let ticks = m[11]! + m[12]! + m[13]! + m[14]!;
  for (const p of pids) {
    try {
      const s = statOf(p);
      if (s[1] === master) ticks += s[11]! + s[12]!;
    } catch {
      /* exited meanwhile: its CPU is now the postmaster's cutime (read above or lost, a few ticks) */
    }
  }
  return ticks / 100; // clock ticks (USER_HZ, 100 on Linux)
}

/** Starts a measurement; its result is this process's and the server's CPU seconds since. */
export function cpuMeter(): () => { app: number; server: number } {
  const app0 = processCpuSecs();
  const server0 = serverCpuSecs();
  return () => ({ app: processCpuSecs() - app0, server: serverCpuSecs() - server0 });
}
