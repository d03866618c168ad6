// The discussion benchmark's page: a short case with 200 comments (50 top-level,
// 150 replies; tests/bench/lib/create-thread.ts), created before the server starts,
// and the session cookie of a member who reads it.
import { execFileSync } from "node:child_process";
import { createCaseVia } from "../../e2e/lib/case-cli.ts";
import { ROOT } from "../../e2e/lib/app-server.ts";

export interface SeededThread {
  path: string;
  /** "name=value" of a signed-in, verified member who did not write the case. */
  cookie: string;
}

export function createThreadCase(env: NodeJS.ProcessEnv): SeededThread {
  const created = createCaseVia(
    {
      author: { username: "bench_thread_author", email: "bench-thread@example.test", displayName: "讨论基准作者" },
      content: {
        title: "海外仓共建共享的做法与成本（基准测试讨论）",
        summary: "基地牵头建设公共海外仓，中小企业按需租用仓位，降低了出海门槛。这个案例下有两百条讨论。",
      },
    },
    env,
  );
  const out = execFileSync(process.execPath, ["--import", "tsx", "tests/bench/lib/create-thread.ts", created.caseId], {
    cwd: ROOT,
    // 200 comments from 20 members in a few seconds: the posting limits would refuse most of them.
    env: { ...env, LOG_LEVEL: "warn", RATE_LIMITS: "false" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const { cookie } = JSON.parse(out.trim().split("\n").pop()!) as { cookie: string };
  return { path: `/cases/${created.slug}`, cookie };
}
