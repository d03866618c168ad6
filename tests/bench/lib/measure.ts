// Load generation and process measurements for the benchmark harness.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export async function load(
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string>; then?: string },
): Promise<LoadResult> {
  // As a browser asks for a page: HTML (the anonymous page cache answers only
  // HTML requests), compressed (what every browser accepts; the server pays for it).
  const headers = {
    accept: "text/html,application/xhtml+xml",
    "accept-encoding": "gzip, deflate, br",
    ...opts.headers,
  };
  const page = new URL(url);
  // `then`: each connection asks for the page, then for this path, in turn (a visit of two requests).
  const requests = opts.then
    ? [
        { method: "GET" as const, path: page.pathname + page.search },
        { method: "GET" as const, path: opts.then },
      ]
    : undefined;
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    headers,
    ...(requests ? { requests } : {}),
  });
  return {
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/**
 * A bare node:http server answering every request with `body`: the ceiling for this
 * machine. It runs in a process of its own, like the app, so the load generator does
 * not share its event loop and its CPU time can be read the same way.
 */
export async function bareServer(body: Buffer): Promise<{ url: string; pid: number; close: () => Promise<void> }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bee-bare-")), "page.html");
  fs.writeFileSync(file, body);
  const code = `
    const body = require("fs").readFileSync(process.argv[1]);
    const server = require("http").createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
      res.end(body);
    });
    server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
    process.on("SIGTERM", () => process.exit(0));`;
  const child = spawn(process.execPath, ["-e", code, file], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.once("data", (d: Buffer) => resolve(Number(String(d).trim())));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid!,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => {
          fs.rmSync(path.dirname(file), { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

let clockTicks: number | undefined;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; null off Linux. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    clockTicks ??= (() => {
      try {
        return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
      } catch {
        return 100;
      }
    })();
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/** Peak resident memory of a process in MiB: VmHWM from /proc, or ps's RSS where /proc is absent. */
export function peakRssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux, or the process is gone */
  }
  try {
    return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024;
  } catch {
    return null;
  }
}

/** Samples peak RSS while work runs, since VmHWM is lost if the process exits. */
export function watchPeakRss(pid: number, everyMs = 500) {
  let peak = 0;
  const sample = () => {
    const v = peakRssMiB(pid);
    if (v !== null) peak = Math.max(peak, v);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** Current resident memory of a process in MiB (VmRSS), or null. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
