// Two app nodes on one PostgreSQL (issue 14.3, ADR 047): two real server processes,
// each with its own memory, on one throwaway PostgreSQL 15 cluster and the
// PostgreSQL search engine. What one node writes, the other must show on its next
// request: a session started on one is valid on the other, a comment posted on one
// is on the page the other serves (its members' shared copy checks the version in
// the database), an image uploaded to one is served by the other, the login limits
// count attempts at both nodes against one budget, and a job is run by exactly one
// of the two workers.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServers, type AppServer } from "../helpers/app-servers.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const unavailable = postgresUnavailable();
if (unavailable && process.env.CI) throw new Error(unavailable);

describe.skipIf(unavailable)("two app nodes on one PostgreSQL", () => {
  let cluster: PostgresCluster;
  let servers: AppServer[] = [];
  let stopServers: () => Promise<void> = async () => {};
  let db: typeof import("~/utils/db.server.ts");
  let users: typeof import("../helpers/users.ts");
  let slug = "";

  beforeAll(async () => {
    cluster = await startPostgres();
    // Before anything opens the database: this file's process and its servers use PostgreSQL.
    process.env.DATABASE_URL = cluster.url;
    const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      encoding: "utf8",
      env: process.env,
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    db = await import("~/utils/db.server.ts");
    users = await import("../helpers/users.ts");
    const { createDraft, publishCase } = await import("~/models/case.server.ts");
    const { emptyContent } = await import("~/models/case-content.ts");
    const base = await db.prisma.base.create({
      data: {
        code: "T-pg-nodes",
        slug: "pg-nodes",
        nameZh: "多节点测试基地",
        nameEn: "Multi-node Test Base",
        industry: "hardware-building-materials",
        province: "zhejiang",
        cityZh: "义乌",
        cityEn: "Yiwu",
      },
      select: { id: true },
    });
    const author = await users.createTestUser({ displayName: "案例作者" });
    await db.prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    const content = { ...emptyContent(), title: "两个节点共享的案例", summary: "summary", baseId: base.id };
    const draft = await createDraft(author.id, crypto.randomUUID(), content);
    const published = await publishCase(
      draft.id,
      { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true },
      content,
      { expectedVersion: draft.draftVersion },
    );
    slug = published.slug;
    // Each node has a data directory of its own, as separate machines do: nothing shared may live there.
    const dataDirs = [0, 1].map((i) => fs.mkdtempSync(path.join(process.env.DATA_DIR!, `node-${i}-`)));
    ({ servers, stop: stopServers } = await startAppServers(
      2,
      {
        DATABASE_URL: cluster.url,
        SEARCH_ENGINE: "postgres",
        PAGE_CACHE_SECONDS: "60",
        RATE_LIMITS: "true",
        JOBS_IN_PROCESS: "true",
      },
      (i) => ({ DATA_DIR: dataDirs[i]! }),
    ));
  }, 420_000);

  afterAll(async () => {
    await stopServers();
    await db?.closeDatabase();
    await cluster?.stop();
  }, 60_000);

  const get = (server: AppServer, path: string, cookie = "") =>
    fetch(`${server.origin}${path}`, {
      redirect: "manual",
      headers: { Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) },
    });

  it("a session started on one node is valid on the other", async () => {
    const member = await users.createTestUser();
    const cookie = await users.cookieFor(member.id);
    for (const server of servers) {
      const res = await get(server, "/notifications", cookie);
      await res.arrayBuffer();
      expect(res.status, server.origin).toBe(200);
    }
    const anonymous = await get(servers[1]!, "/notifications");
    await anonymous.arrayBuffer();
    expect(anonymous.status).toBe(302);
  });

  it("a comment posted on one node is on the next page the other serves, from the members' shared copy too", async () => {
    const [a, b] = servers as [AppServer, AppServer];
    const member = await users.createTestUser();
    const cookie = `${await users.cookieFor(member.id)}; bee_js=1`;
    const before = await get(b, `/cases/${slug}`, cookie);
    expect(before.status).toBe(200);
    expect(before.headers.get("x-page-cache")).toMatch(/^shared-/);
    const text = `节点甲上发表的评论 ${Date.now()}`;
    expect(await before.text()).not.toContain(text);
    const posted = await fetch(`${a.origin}/cases/${slug}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "comment", text }),
      redirect: "manual",
      headers: { Cookie: cookie, Origin: a.origin },
    });
    await posted.arrayBuffer();
    expect(posted.status).toBe(302);
    const after = await get(b, `/cases/${slug}`, cookie);
    expect(after.headers.get("x-page-cache")).toBe("shared-miss");
    expect(await after.text()).toContain(text);
  });

  it("an image uploaded to one node is served by the other (files in the database, not a node's directory)", async () => {
    const [a, b] = servers as [AppServer, AppServer];
    const member = await users.createTestUser();
    const cookie = await users.cookieFor(member.id);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#2a6" } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append("file", new File([new Uint8Array(png)], "a.png", { type: "image/png" }));
    const uploaded = await fetch(`${a.origin}/resources/uploads`, {
      method: "POST",
      body: form,
      headers: { Cookie: cookie, Origin: a.origin },
    });
    expect(uploaded.status).toBe(201);
    const { url } = (await uploaded.json()) as { url: string };
    const served = await fetch(`${b.origin}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    const bytes = Buffer.from(await served.arrayBuffer());
    expect((await sharp(bytes).metadata()).width).toBe(40);
  });

  it("the pages and the hot reads behind them answer on PostgreSQL", async () => {
    for (const path of ["/", "/cases", "/bases", `/cases/${slug}`, "/bases/pg-nodes", "/sitemap.xml", "/atom/cases"]) {
      const res = await get(servers[0]!, path);
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
    }
    // The statements written in SQLite's dialect, translated (sql-dialect.ts), in this process on PostgreSQL.
    const cases = await import("~/models/case.server.ts");
    const first = await cases.listCases({}, { take: 1 });
    expect(first.cases[0]?.slug).toBe(slug);
    expect(first.cases[0]?.publishedAt).toBeInstanceOf(Date);
    expect(await cases.listingsVersion()).toMatch(/^\d{4}-\d\d-\d\dT.*:\d+$/);
    const { loadInsights } = await import("~/models/insights.server.ts");
    const insights = await loadInsights({ from: "2026-01-01", to: "2030-12-31" });
    expect(insights.cases.total).toBe(1);
    expect(insights.coverage.publishing).toBe(1);
    const { feedCases, sitemapRows } = await import("~/models/publicize.server.ts");
    expect((await feedCases({}, 5)).map((c) => c.slug)).toEqual([slug]);
    expect((await sitemapRows(100)).some((r) => r.path === `/cases/${slug}`)).toBe(true);
  });

  it("login attempts at both nodes count against one budget", async () => {
    const member = await users.createTestUser();
    const attempt = async (server: AppServer) => {
      const res = await fetch(`${server.origin}/login`, {
        method: "POST",
        body: new URLSearchParams({ login: member.username, password: "not-the-password-at-all" }),
        redirect: "manual",
        headers: { Origin: server.origin },
      });
      await res.arrayBuffer();
      return res.status;
    };
    const statuses: number[] = [];
    // Five failures per account and place (LIMITS.loginPair), alternating between the nodes.
    for (let i = 0; i < 5; i++) statuses.push(await attempt(servers[i % 2]!));
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    expect(await attempt(servers[1]!)).toBe(429);
    expect(await attempt(servers[0]!)).toBe(429);
  });

  it("each job is run by one worker of the two, once", async () => {
    const { enqueueJob } = await import("~/jobs/queue.server.ts");
    const { SEARCH_LOG_PRUNE_JOB } = await import("~/models/search-log.server.ts");
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueueJob(db.prisma, SEARCH_LOG_PRUNE_JOB, {}));
    const deadline = Date.now() + 60_000;
    let jobs: Array<{ status: string; attempts: number; leaseOwner: string | null }> = [];
    for (;;) {
      jobs = await db.prisma.job.findMany({
        where: { id: { in: ids } },
        select: { status: true, attempts: true, leaseOwner: true },
      });
      if (jobs.every((j) => j.status === "done") || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(jobs.map((j) => j.status)).toEqual(ids.map(() => "done"));
    expect(jobs.map((j) => j.attempts)).toEqual(ids.map(() => 1));
  }, 90_000);
});
