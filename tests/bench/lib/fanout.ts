// The `fanout` benchmark case (issue 10 point 9): what other readers see while
// comments on a case with 2,000 followers are fanned out. The comment's
// transaction records one job; the server's worker writes the notifications in
// batches (app/jobs/comment-notify.server.ts). This measures the p99 of other
// requests (uncached case pages, so every one reaches the database) first on
// their own and then while a member posts comments through the real form, and
// how long each fan-out took to reach every follower. On a server and data
// directory of its own, like the dashboard case.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { freePort, makeDataDir, prepare, ROOT, serverEnv, startServer, waitForHttp } from "../../e2e/lib/app-server.ts";
import { load, type LoadResult } from "./measure.ts";
import type { Row } from "./report.ts";

const COMMENTS = Number(process.env.BENCH_FANOUT_COMMENTS || 3);

export interface FanoutResult {
  row: Row;
  baseline: LoadResult;
  during: LoadResult;
  followers: number;
  /** Seconds from each post to its last follower's notification. */
  fanoutSeconds: number[];
}

export async function benchFanout(opts: { connections: number; seconds: number }): Promise<FanoutResult> {
  const dataDir = makeDataDir("bee-bench-fanout-");
  const port = await freePort();
  // Page caches off: every reader request runs its loader against the database,
  // the path a fan-out holding the connection would stall.
  const env = serverEnv({ dataDir, port, logLevel: "warn", extra: { RATE_LIMITS: "false", PAGE_CACHE_SECONDS: "0" } });
  prepare(env);
  const setup = JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", "tests/bench/lib/fanout-setup.ts"], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: "production" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop()!,
  ) as { slug: string; caseId: string; cookie: string };
  const db = new Database(path.join(dataDir, "app.db"), { readonly: true, fileMustExist: true });
  const followers = (
    db
      .prepare("SELECT count(*) AS n FROM Subscription WHERE targetType = 'case' AND targetId = ?")
      .get(setup.caseId) as {
      n: number;
    }
  ).n;
  const notified = db.prepare("SELECT count(*) AS n FROM Notification WHERE data LIKE ?");
  const server = startServer(env, "inherit");
  const origin = `http://127.0.0.1:${port}`;
  const page = `${origin}/cases/${encodeURIComponent(setup.slug)}`;
  try {
    await waitForHttp(`${origin}/favicon.svg`);
    await load(page, { connections: opts.connections, seconds: 2 });
    const baseline = await load(page, { connections: opts.connections, seconds: opts.seconds });

    const post = async (i: number) => {
      const res = await fetch(page, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: setup.cookie, origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "comment", text: `扇出基准评论 ${i}：其他请求的延迟。` }),
      });
      const to = res.headers.get("location") ?? "";
      const commentId = /[?&]comment=([^&#]+)/.exec(to)?.[1];
      if (res.status !== 303 && res.status !== 302) throw new Error(`posting a comment answered ${res.status}`);
      if (!commentId) throw new Error(`posting a comment redirected to ${to}, not to the new comment`);
      return { commentId, postedAt: performance.now() };
    };
    const spacingMs = (opts.seconds * 1000) / (COMMENTS + 1);
    const posts: Array<Promise<{ commentId: string; postedAt: number }>> = [];
    const duringLoad = load(page, { connections: opts.connections, seconds: opts.seconds });
    for (let i = 0; i < COMMENTS; i++) {
      await new Promise((r) => setTimeout(r, spacingMs));
      posts.push(post(i));
    }
    const during = await duringLoad;
    const fanoutSeconds: number[] = [];
    for (const p of await Promise.all(posts)) {
      const deadline = performance.now() + 120_000;
      for (;;) {
        const n = (notified.get(`%${p.commentId}%`) as { n: number }).n;
        if (n >= followers) break;
        if (performance.now() > deadline) throw new Error(`fan-out of ${p.commentId} stopped at ${n}/${followers}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      fanoutSeconds.push((performance.now() - p.postedAt) / 1000);
    }
    return {
      baseline,
      during,
      followers,
      fanoutSeconds,
      row: {
        name: "fanout",
        path: `/cases/${setup.slug}`,
        note: `uncached case page while ${COMMENTS} comments fan out to ${followers} followers each: p99 ${during.p99.toFixed(0)} ms against ${baseline.p99.toFixed(0)} ms alone (p50 ${during.p50.toFixed(0)} / ${baseline.p50.toFixed(0)} ms); each fan-out done in ${fanoutSeconds.map((s) => s.toFixed(1)).join(", ")} s`,
        bytes: 0,
        reqPerSec: during.reqPerSec,
        p50: during.p50,
        p99: during.p99,
        ratio: null,
        cpuMsPerReq: null,
        errors: during.errors,
        non2xx: during.non2xx,
      },
    };
  } finally {
    db.close();
    if (server.exitCode === null) server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
