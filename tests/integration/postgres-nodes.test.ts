// Two app nodes on one PostgreSQL (issue 14.3, ADR 047): two real server processes,
// each with its own memory, on one throwaway PostgreSQL 15 cluster and the
// PostgreSQL search engine. What one node writes, the other must show on its next
// request: a session started on one is valid on the other, a comment posted on one
// is on the page the other serves (its members' shared copy checks the version in
// the database), an image uploaded to one is served by the other, the login limits
// count attempts at both nodes against one budget, and a job is run by exactly one
// of the two workers. Under load (issue 14.5): both nodes take comments, votes,
// publishes and uploads at once, one is killed with SIGKILL mid-load, and the
// survivor and the restarted node show every write a client was told succeeded,
// the search outbox converges and no job's side effect happens twice. A node
// stopped with SIGTERM finishes the request in flight, takes no new ones and
// leaves no lease behind.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusesConnections, startAppServers, type AppServer } from "../helpers/app-servers.ts";
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
  let nodeEnv: Record<string, string> = {};
  let dataDirs: string[] = [];
  /** Nodes started after beforeAll (a restarted node), stopped in afterAll. */
  const laterStops: Array<() => Promise<void>> = [];

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
    dataDirs = [0, 1].map((i) => fs.mkdtempSync(path.join(process.env.DATA_DIR!, `node-${i}-`)));
    nodeEnv = {
      DATABASE_URL: cluster.url,
      SEARCH_ENGINE: "postgres",
      PAGE_CACHE_SECONDS: "60",
      RATE_LIMITS: "true",
      JOBS_IN_PROCESS: "true",
    };
    ({ servers, stop: stopServers } = await startAppServers(2, nodeEnv, (i) => ({ DATA_DIR: dataDirs[i]! })));
  }, 420_000);

  afterAll(async () => {
    for (const stop of laterStops) await stop();
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

  it("workers claiming at once on PostgreSQL take different jobs (FOR UPDATE SKIP LOCKED), and released jobs are claimable at once", async () => {
    const { claimJobs, enqueueJob, releaseJobs } = await import("~/jobs/queue.server.ts");
    // Due only at a future instant the claims below pass as `now`: the nodes' own workers never see them.
    const later = new Date(Date.now() + 86_400_000);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push(await enqueueJob(db.prisma, "test-never-runs", { i }, { runAt: new Date(later.getTime() - 1000) }));
    try {
      // Compare-and-set claims would have all four read the same five oldest rows and three lose them.
      const claims = await Promise.all([0, 1, 2, 3].map((w) => claimJobs(`claimer-${w}`, 5, later)));
      const claimed = claims.flatMap((c) => c.map((j) => j.id));
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(new Set(claimed)).toEqual(new Set(ids));
      expect(claims[0]![0]).toMatchObject({ attempts: 1, maxAttempts: 8, kind: "test-never-runs" });
      // A stopping worker hands its batch back: another takes it in the same instant, the attempt not counted.
      expect(
        await releaseJobs(
          claims[0]!.map((j) => j.id),
          "claimer-0",
        ),
      ).toBe(5);
      const retaken = await claimJobs("claimer-9", 5, later);
      expect(new Set(retaken.map((j) => j.id))).toEqual(new Set(claims[0]!.map((j) => j.id)));
      expect(retaken.map((j) => j.attempts)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await db.prisma.job.deleteMany({ where: { id: { in: ids } } });
    }
  });

  it("concurrent writes at both nodes, one killed with SIGKILL mid-load: the survivor and the restarted node show every acknowledged write, the outbox converges, no job runs twice", async () => {
    const started = Date.now();
    const [a, b] = servers as [AppServer, AppServer];
    const { DEFAULT_TOPICS } = await import("../../prisma/topics.ts");
    const { upsertTopics } = await import("~/models/topic.server.ts");
    await upsertTopics(DEFAULT_TOPICS);
    const base = await db.prisma.base.findUniqueOrThrow({ where: { slug: "pg-nodes" }, select: { id: true } });
    const target = await db.prisma.caseStudy.findFirstOrThrow({
      where: { slug },
      select: { id: true },
    });
    // Members three days old (the new-member comment limit does not apply), signed in through sessions.
    const tag = Date.now().toString(36);
    const MEMBERS = 24;
    await db.prisma.user.createMany({
      data: Array.from({ length: MEMBERS }, (_, i) => ({
        email: `load-${tag}-${i}@example.cn`,
        username: `load_${tag}_${i}`,
        displayName: `并发用户 ${i}`,
        passwordHash: "!",
        emailVerifiedAt: new Date(),
        createdAt: new Date(Date.now() - 3 * 86_400_000),
        // The first eight write cases: verified at the test base.
        ...(i < 8 ? { baseId: base.id, baseVerifiedAt: new Date() } : {}),
      })),
    });
    const rows = await db.prisma.user.findMany({
      where: { username: { startsWith: `load_${tag}_` } },
      select: { id: true, username: true },
    });
    rows.sort((x, y) => Number(x.username.split("_")[2]) - Number(y.username.split("_")[2]));
    const members = await Promise.all(rows.map(async (u) => ({ id: u.id, cookie: await users.cookieFor(u.id) })));
    const para = (text: string) =>
      JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

    type Op =
      | { kind: "comment"; member: number; text: string }
      | { kind: "vote"; member: number }
      | { kind: "publish"; member: number; token: string }
      | { kind: "upload"; member: number };
    const ops: Op[] = [];
    for (let i = 0; i < 8; i++) ops.push({ kind: "publish", member: i, token: `pgnode${i}x${tag}` });
    for (let i = 0; i < 20; i++) ops.push({ kind: "vote", member: 4 + i });
    for (let i = 0; i < 24; i++) ops.push({ kind: "comment", member: i, text: `并发评论 ${tag} 第${i}条` });
    for (let i = 0; i < 12; i++) ops.push({ kind: "upload", member: 12 + i });
    // Interleaved (a fixed permutation: 37 is prime to 64), so every kind is in flight at both nodes when one is killed.
    const order = ops.map((op, i) => ({ op, k: (i * 37) % ops.length })).sort((x, y) => x.k - y.k);
    ops.splice(0, ops.length, ...order.map((o) => o.op));

    const send = async (
      server: AppServer,
      op: Op,
    ): Promise<{ status: number; location?: string; url?: string; text?: string }> => {
      const member = members[op.member]!;
      const headers = { Cookie: member.cookie, Origin: server.origin };
      if (op.kind === "upload") {
        const form = new FormData();
        // A picture of its own per upload (files are stored once per content hash).
        const bytes = await sharp({
          create: { width: 24, height: 16, channels: 3, background: { r: 9 * op.member, g: 120, b: 200 } },
        })
          .png()
          .toBuffer();
        form.append("file", new File([new Uint8Array(bytes)], "load.png", { type: "image/png" }));
        const res = await fetch(`${server.origin}/resources/uploads`, { method: "POST", body: form, headers });
        const text = await res.text();
        // Stored is 201 (200: these bytes were stored before) with the file's address; anything else is not.
        return res.status === 201 || res.status === 200
          ? { status: res.status, url: (JSON.parse(text) as { url: string }).url }
          : { status: res.status >= 400 ? res.status : 500, text: `${res.status} ${text.slice(0, 200)}` };
      }
      let url = `${server.origin}/cases/${slug}`;
      const form = new URLSearchParams();
      if (op.kind === "comment") {
        form.set("intent", "comment");
        form.set("text", op.text);
      }
      if (op.kind === "vote") {
        form.set("intent", "vote");
        form.set("targetType", "case");
      }
      if (op.kind === "publish") {
        url = `${server.origin}/cases/new`;
        const fields: Record<string, string> = {
          intent: "publish",
          version: "0",
          clientKey: crypto.randomUUID(),
          title: `多节点并发发布的案例 ${op.token}`,
          summary: "两个节点同时发布，一个节点中途被强行结束。",
          stage: "implemented",
          periodStart: "2022",
          periodEnd: "2024",
          background: para("背景。"),
          approach: para("做法。"),
          results: para("成效。"),
          replicability: para("可复制性。"),
          lessons: para("经验。"),
        };
        for (const [k, v] of Object.entries(fields)) form.set(k, v);
        form.append("topics", "logistics");
      }
      const res = await fetch(url, { method: "POST", body: form, redirect: "manual", headers });
      await res.arrayBuffer();
      return { status: res.status, location: res.headers.get("location") ?? undefined };
    };

    // Six clients; requests alternate between the nodes until B is killed (after a third of
    // them has started, while B has requests in flight), then go to A, as a balancer does.
    const acked: Array<{ op: Op; location?: string; url?: string; node: string }> = [];
    const lost: Array<{ op: Op; error: string }> = [];
    let next = 0;
    let bAlive = true;
    let killedWithInFlight = 0;
    const inFlightAtB = new Set<number>();
    const client = async () => {
      while (next < ops.length) {
        const i = next++;
        const op = ops[i]!;
        if (i === Math.floor(ops.length / 3) && bAlive) {
          bAlive = false;
          killedWithInFlight = inFlightAtB.size;
          process.kill(b.pid, "SIGKILL");
        }
        const server = bAlive && i % 2 === 1 ? b : a;
        if (server === b) inFlightAtB.add(i);
        try {
          const r = await send(server, op);
          if (r.status >= 200 && r.status < 400) acked.push({ op, ...r, node: server === a ? "A" : "B" });
          else lost.push({ op, error: `HTTP ${r.text ?? r.status}` });
        } catch (e) {
          lost.push({ op, error: String((e as Error).cause ?? e) });
        } finally {
          inFlightAtB.delete(i);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    await Promise.race([
      b.exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error("the killed node did not end")), 20_000)),
    ]);
    const loadSecs = (Date.now() - started) / 1000;
    // Refusals are only what B's death cut off: every request to A was answered with success.
    const serverErrors = [a, b]
      .flatMap((s) => s.lines)
      .filter((l) => /"level":(50|60)/.test(l))
      .slice(0, 3)
      .join("\n");
    expect(
      lost.filter((l) => !/ECONNRESET|ECONNREFUSED|other side closed|fetch failed|SocketError/i.test(l.error)),
      serverErrors,
    ).toEqual([]);
    expect(acked.filter((x) => x.node === "A").length).toBeGreaterThan(ops.length / 2);

    // The killed node comes back on its own data directory, as a restarted machine does.
    const restarted = await startAppServers(1, nodeEnv, () => ({ DATA_DIR: dataDirs[1]! }));
    laterStops.push(restarted.stop);
    const b2 = restarted.servers[0]!;
    servers[1] = b2;
    const reader = `${members[0]!.cookie}; bee_js=1`;
    for (const node of [a, b2]) {
      // Comments: every acknowledged one on the case page (the members' copy checks the database's version).
      const page = await (await get(node, `/cases/${slug}`, reader)).text();
      for (const x of acked.filter((y) => y.op.kind === "comment"))
        expect(page, node.origin).toContain((x.op as { text: string }).text);
      // Publishes: every acknowledged case answers at its address.
      for (const x of acked.filter((y) => y.op.kind === "publish")) {
        expect(x.location, JSON.stringify(x)).toMatch(/^\/cases\/[^/?]+/);
        const res = await get(node, x.location!.split("?")[0]!, reader);
        await res.arrayBuffer();
        expect(res.status, `${node.origin}${x.location}`).toBe(200);
      }
      // Uploads: every acknowledged file is served, whichever node stored it.
      for (const x of acked.filter((y) => y.op.kind === "upload")) {
        const res = await fetch(`${node.origin}${x.url}`);
        expect(res.status, x.url).toBe(200);
        expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(24);
      }
    }
    // Votes: a row for every acknowledged one, and the stored count equals the rows.
    const voters = new Set(
      (
        await db.prisma.reaction.findMany({
          where: { targetType: "case", targetId: target.id },
          select: { userId: true },
        })
      ).map((r) => r.userId),
    );
    for (const x of acked.filter((y) => y.op.kind === "vote")) expect(voters).toContain(members[x.op.member]!.id);
    const counted = await db.prisma.caseStudy.findUniqueOrThrow({
      where: { id: target.id },
      select: { helpfulCount: true },
    });
    expect(counted.helpfulCount).toBe(voters.size);

    // The outbox converges (a drain lease B held runs out after 30 s) and every published case is
    // found by the PostgreSQL engine through either node.
    const deadline = Date.now() + 120_000;
    let pendingOutbox = -1;
    let openJobs: Array<{ kind: string; status: string }> = [];
    for (;;) {
      pendingOutbox = await db.prisma.searchOutbox.count();
      openJobs = await db.prisma.job.findMany({
        where: { status: { in: ["queued", "running"] }, kind: { not: "test-never-runs" } },
        select: { kind: true, status: true },
      });
      if ((pendingOutbox === 0 && openJobs.length === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect({ pendingOutbox, openJobs }).toEqual({ pendingOutbox: 0, openJobs: [] });
    const published = await db.prisma.caseStudy.findMany({
      where: { title: { contains: tag }, publishedAt: { not: null } },
      select: { slug: true, title: true },
    });
    expect(published.length).toBeGreaterThanOrEqual(acked.filter((x) => x.op.kind === "publish").length);
    for (const node of [a, b2])
      for (const c of published) {
        const token = /pgnode\d+x\w+/.exec(c.title)![0];
        const res = await fetch(`${node.origin}/api/search?q=${token}`);
        const body = (await res.json()) as { hits: Array<{ slug: string }> };
        expect(
          body.hits.map((h) => h.slug),
          `${node.origin} ${token}`,
        ).toContain(c.slug);
      }

    // No job ran twice: the fan-out of each comment to the case's followers (commenters follow
    // what they comment on) told each follower once, whether its node lived or died.
    const comments = await db.prisma.comment.findMany({
      where: { caseId: target.id, bodyText: { contains: tag } },
      select: { id: true },
    });
    expect(comments.length).toBeGreaterThanOrEqual(acked.filter((x) => x.op.kind === "comment").length);
    const notes = await db.prisma.notification.findMany({
      where: { type: "comment.followed", data: { contains: tag } },
      select: { userId: true, data: true },
    });
    expect(notes.length).toBeGreaterThan(comments.length);
    for (const c of comments) {
      const told = notes.filter((n) => n.data.includes(c.id)).map((n) => n.userId);
      expect(told.length, c.id).toBe(new Set(told).size);
    }
    const rerun = await db.prisma.job.count({ where: { attempts: { gt: 1 } } });
    console.info(
      `[postgres-nodes] ${ops.length} writes, ${acked.length} acknowledged (${lost.length} cut off by SIGKILL; ${killedWithInFlight} in flight at B when killed), ` +
        `${published.length} published, ${comments.length} comments, jobs re-run after the kill: ${rerun}; load ${loadSecs.toFixed(1)} s, whole test ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 300_000);

  it("a node stopped with SIGTERM finishes the request in flight, takes no new one and leaves no lease behind", async () => {
    const [a, b] = servers as [AppServer, AppServer];
    const member = await users.createTestUser();
    const cookie = await users.cookieFor(member.id);
    const { enqueueJob } = await import("~/jobs/queue.server.ts");
    const { SEARCH_LOG_PRUNE_JOB } = await import("~/models/search-log.server.ts");
    for (let i = 0; i < 40; i++) await enqueueJob(db.prisma, SEARCH_LOG_PRUNE_JOB, {});
    // B's first upload loads the image library: seconds on a loaded machine, inside the 10 s a
    // stop gives requests in flight. One upload first (another image: uploads are stored by content).
    const warm = new FormData();
    const warmPng = await sharp({ create: { width: 32, height: 20, channels: 3, background: "#c63" } })
      .png()
      .toBuffer();
    warm.append("file", new File([new Uint8Array(warmPng)], "warm.png", { type: "image/png" }));
    const warmed = await fetch(`${b.origin}/resources/uploads`, {
      method: "POST",
      body: warm,
      headers: { Cookie: cookie, Origin: b.origin },
    });
    expect(warmed.status, await warmed.text()).toBe(201);
    // An upload whose body arrives in two parts, the SIGTERM between them.
    const png = await sharp({ create: { width: 32, height: 20, channels: 3, background: "#36c" } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append("file", new File([new Uint8Array(png)], "term.png", { type: "image/png" }));
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const { port } = new URL(b.origin);
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: "/resources/uploads",
      method: "POST",
      headers: {
        Cookie: cookie,
        Origin: b.origin,
        "Content-Type": encoded.headers.get("content-type")!,
        "Content-Length": body.length,
        // The server answers 100 Continue once it has read the head: from then on the request is
        // in flight. A fixed pause instead would race a loaded machine, where bytes still in the
        // kernel's buffer are no request yet and a stopping server closes an idle connection.
        Expect: "100-continue",
      },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      });
      req.on("error", reject);
    });
    await new Promise<void>((resolve, reject) => req.once("continue", resolve).once("error", reject));
    req.write(body.subarray(0, 100));
    b.child.kill("SIGTERM");
    // Stopping: new connections are refused while the request in flight goes on.
    expect(await refusesConnections(b.origin), "the listener did not close after SIGTERM").toBe(true);
    req.end(body.subarray(100));
    const { status, text } = await answer;
    expect(status, text).toBe(201);
    const { url } = JSON.parse(text) as { url: string };
    expect(await b.exited).toBe(0);
    const served = await fetch(`${a.origin}${url}`);
    await served.arrayBuffer();
    expect(served.status).toBe(200);
    // Its worker's owner id starts with its pid (worker.server.ts): nothing it claimed is left leased.
    const pid = String(b.pid);
    const held = await db.prisma.job.count({ where: { status: "running", leaseOwner: { startsWith: `${pid}-` } } });
    const leases = await db.prisma.lease.count({ where: { owner: { startsWith: `${pid}-` } } });
    expect({ held, leases }).toEqual({ held: 0, leases: 0 });
  }, 60_000);
});
