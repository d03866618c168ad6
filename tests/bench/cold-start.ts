// `npm run bench:start`: cold start as an operator sees it (issue 15.5) — `npm run serve`
// (build/start/index.js --prepare, the built server/index.ts: settings, migrations check, seeds check, database check,
// the build) on a built app and a prepared database, timed from spawn to the first
// 200 of the home page, several times; then the idle resident memory.
//
//   BENCH_SKIP_BUILD=1 npm run bench:start [-- --runs 5]
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import {
  ensureBuild,
  freePort,
  makeDataDir,
  prepare,
  ROOT,
  SERVE_ENV,
  SERVE_NODE_FLAGS,
  serverEnv,
} from "../e2e/lib/app-server.ts";
import { rssMiB } from "./lib/measure.ts";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 5) || 5;

/** GET / until it answers 200, as fast as the server allows (no pooled connection: each try is a new one). */
function firstOk(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      if (Date.now() > deadline) return reject(new Error("no 200 before the deadline"));
      const req = http.get({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : setTimeout(tryOnce, 10)));
      });
      req.on("error", () => setTimeout(tryOnce, 10));
    };
    tryOnce();
  });
}

async function main() {
  ensureBuild({ skip: process.env.BENCH_SKIP_BUILD === "1" });
  const dataDir = makeDataDir("bee-bench-start-");
  try {
    prepare(serverEnv({ dataDir, port: await freePort() }));
    const times: number[] = [];
    const idle: number[] = [];
    const phases: Array<Record<string, number>> = [];
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      // info: the "listening" line carries when each phase of the start ended (server/index.ts).
      const env = serverEnv({ dataDir, port, logLevel: "info" });
      // `npm run serve` runs exactly this (package.json), without npm's own start-up.
      const started = performance.now();
      const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, "build/start/index.js", "--prepare"], {
        cwd: ROOT,
        env: { ...SERVE_ENV, ...env, NODE_ENV: "production" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
      try {
        await firstOk(port, Date.now() + 60_000);
        const firstOkMs = performance.now() - started;
        times.push(firstOkMs);
        const listening = out
          .split("\n")
          .map(
            (line) => /^\{.*"msg":"listening"/.test(line) && (JSON.parse(line) as { startMs?: Record<string, number> }),
          )
          .find(Boolean);
        if (listening && listening.startMs) phases.push({ ...listening.startMs, "first 200": firstOkMs });
        await new Promise((r) => setTimeout(r, 3000)); // background work starts 2 s after listening
        idle.push(rssMiB(child.pid!) ?? NaN);
      } finally {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    // The median of when each phase ended, and how long it took (since the previous one).
    const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    let previous = 0;
    const breakdown = names.map((name) => {
      const at = median(phases.map((p) => p[name] ?? NaN).filter((x) => !Number.isNaN(x)));
      const part = `${name} ${at.toFixed(0)} (+${(at - previous).toFixed(0)})`;
      previous = at;
      return part;
    });
    if (breakdown.length) console.log(`phases, ms since the process began (median): ${breakdown.join(", ")}`);
    console.log(
      `cold start to the first 200 of /: ${times.map((t) => t.toFixed(0)).join(", ")} ms (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms); idle RSS 3 s later: ${idle.map((m) => m.toFixed(0)).join(", ")} MiB`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
