// Load generation and process measurements for the benchmark harness.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import autocannon from "autocannon";

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, opts: { connections: number; seconds: number }): Promise<LoadResult> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.seconds });
  return {
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** A bare node:http server answering every request with `body`: the ceiling for this machine. */
export async function bareServer(body: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
