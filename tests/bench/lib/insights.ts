// The `insights` benchmark case (issue 11 point 7): /insights for a ministry user
// on a database at the target scale (tests/bench/lib/insights-data.ts: 578 bases,
// 20,000 cases, 100,000 adoptions and comments), with ONE connection on a warm
// process: requests one after another, each timed, so p95 is exact. It runs on a
// server and data directory of its own, so the scale data does not change what
// the other cases measure.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, makeDataDir, prepare, ROOT, serverEnv, startServer, waitForHttp } from "../../e2e/lib/app-server.ts";
import { generateInsightsData } from "./insights-data.ts";
import { cpuTimeMs } from "./measure.ts";
import type { Row } from "./report.ts";

const WARMUP = Number(process.env.BENCH_INSIGHTS_WARMUP || 20);
const REQUESTS = Number(process.env.BENCH_INSIGHTS_REQUESTS || 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function benchInsights(): Promise<{ row: Row; p95: number; generateSeconds: number }> {
  const dataDir = makeDataDir("bee-bench-insights-");
  const port = await freePort();
  const env = serverEnv({ dataDir, port, logLevel: "warn", extra: { JOBS_IN_PROCESS: "false" } });
  console.error("[bench] insights: preparing a database at the target scale…");
  prepare(env);
  const started = Date.now();
  generateInsightsData(path.join(dataDir, "app.db"));
  const generateSeconds = (Date.now() - started) / 1000;
  const out = execFileSync(process.execPath, ["--import", "tsx", "tests/bench/lib/insights-session.ts"], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const cookie = out.trim().split("\n").pop()!;
  const server = startServer(env, "inherit");
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/favicon.svg`);
    const url = `${origin}/insights`;
    const get = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { cookie, accept: "text/html", "accept-encoding": "gzip" } });
      const body = await res.arrayBuffer();
      return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
    };
    const probe = await get();
    if (probe.status !== 200) throw new Error(`/insights answered ${probe.status}`);
    for (let i = 0; i < WARMUP; i++) await get();
    const cpuBefore = cpuTimeMs(server.pid!);
    const times: number[] = [];
    let non2xx = 0;
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const r = await get();
      times.push(r.ms);
      if (r.status !== 200) non2xx += 1;
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpuAfter = cpuTimeMs(server.pid!);
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    return {
      p95,
      generateSeconds,
      row: {
        name: "insights",
        path: "/insights",
        note: `the ministry dashboard at 578 bases / 20,000 cases / 100,000 adoptions and comments, 1 connection, ${REQUESTS} sequential requests: p95 ${p95.toFixed(1)} ms`,
        bytes: probe.bytes,
        reqPerSec: REQUESTS / elapsed,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        ratio: null,
        cpuMsPerReq: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / REQUESTS : null,
        errors: 0,
        non2xx,
      },
    };
  } finally {
    if (server.exitCode === null) server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
