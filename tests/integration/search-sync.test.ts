// The search outbox: every publish, hide and delete records a row in the same
// transaction; the drainer applies rows to the engine under a lease, so the
// index converges on the database and two processes never apply a batch twice.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, deleteCase, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { emptyContent, type CaseContent } from "~/models/case-content.ts";
import { allCaseIds, CONTENT_INDEX } from "~/models/search-documents.server.ts";
import { drainSearchOutbox, DRAIN_LEASE, REFILL_LEASE, refillEmptyIndex } from "~/jobs/search-outbox.server.ts";
import { startJobWorker } from "~/jobs/worker.server.ts";
import { getSearchEngine } from "~/search/index.server.ts";
import { SqliteFtsEngine } from "~/search/sqlite-fts.server.ts";
import { SearchUnavailableError, type SearchEngine } from "~/search/port.ts";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { createTestUser } from "../helpers/users.ts";

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

function content(title: string, body: string): CaseContent {
  return {
    ...emptyContent(),
    title,
    summary: `${title} 摘要`,
    topics: ["logistics"],
    stage: "pilot",
    periodStart: 2022,
    sections: {
      background: doc(body),
      approach: doc("做法"),
      results: doc("成效"),
      replicability: doc("条件"),
      lessons: null,
    },
  };
}

let engine: SqliteFtsEngine;
let admin: { id: string; role: string; baseId: string | null; baseVerified: boolean; emailVerified: boolean };
let baseId: string;

async function publish(title: string, body: string) {
  const d = await createDraft(admin.id, crypto.randomUUID(), content(title, body));
  await publishCase(d.id, admin, { ...content(title, body), baseId }, { expectedVersion: d.draftVersion });
  return d.id;
}

const search = (q: string) => engine.search({ q, facets: [] });

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  baseId = (
    await prisma.base.create({
      data: {
        code: "T-b1",
        slug: "b1",
        nameZh: "宁波基地",
        nameEn: "Ningbo Base",
        industry: "hardware-building",
        province: "zhejiang",
        cityZh: "宁波",
        cityEn: "Ningbo",
      },
    })
  ).id;
  const u = await createTestUser({ role: "admin" });
  admin = { id: u.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
  engine = new SqliteFtsEngine();
  await engine.ensureIndex(CONTENT_INDEX);
});

describe("search outbox", () => {
  it("publishing records an outbox row and the drain makes the case findable; drafts never appear", async () => {
    const id = await publish("海外仓物流降本", "中小企业共建海外仓");
    await createDraft(admin.id, crypto.randomUUID(), content("草稿海外仓不应出现", "草稿"));
    expect(await prisma.searchOutbox.count({ where: { docId: `case-${id}` } })).toBe(1);
    const r = await drainSearchOutbox("worker-a", { engine });
    expect(r.applied).toBeGreaterThan(0);
    expect(await prisma.searchOutbox.count()).toBe(0);
    const hits = await search("海外仓");
    expect(hits.hits.map((h) => h.id)).toEqual([`case-${id}`]);
  });

  it("hiding and deleting take a case out of the index", async () => {
    const a = await publish("品牌出海案例甲", "品牌");
    const b = await publish("品牌出海案例乙", "品牌");
    await drainSearchOutbox("w", { engine });
    expect((await search("品牌出海")).total).toBe(2);
    await setCaseHidden(a, admin, true, "test");
    await deleteCase(b, admin);
    await drainSearchOutbox("w", { engine });
    expect((await search("品牌出海")).total).toBe(0);
  });

  it("hiding a case also takes its discussion comments out of the index", async () => {
    const id = await publish("冷链物流讨论案例", "冷链");
    const comment = await prisma.comment.create({
      data: {
        caseId: id,
        authorId: admin.id,
        body: JSON.stringify(doc("冷链仓储经验交流")),
        bodyText: "冷链仓储经验交流",
      },
    });
    await prisma.searchOutbox.create({ data: { docId: `comment-${comment.id}` } });
    await drainSearchOutbox("w", { engine });
    const before = await engine.search({ q: "冷链仓储", kind: "discussion", facets: [] });
    expect(before.hits.map((h) => h.id)).toContain(`comment-${comment.id}`);
    await setCaseHidden(id, admin, true, "test");
    await drainSearchOutbox("w", { engine });
    const after = await engine.search({ q: "冷链仓储", kind: "discussion", facets: [] });
    expect(after.hits.map((h) => h.id)).not.toContain(`comment-${comment.id}`);
  });

  it("a failing engine leaves the rows with their error and a backoff; the backlog drains when it returns", async () => {
    const id = await publish("检测认证中心", "检测");
    const broken: SearchEngine = Object.assign(Object.create(engine), {
      upsert: async () => {
        throw new SearchUnavailableError("connect ECONNREFUSED 127.0.0.1:7700");
      },
    });
    const failed = await drainSearchOutbox("w", { engine: broken });
    expect(failed.failed).toBe(1);
    const row = await prisma.searchOutbox.findFirst({ where: { docId: `case-${id}` } });
    expect(row?.lastError).toContain("ECONNREFUSED");
    expect(row?.attempts).toBe(1);
    expect(new Date(row!.availableAt).getTime()).toBeGreaterThan(Date.now());
    // Before the backoff ends nothing is retried; after it, the row applies.
    expect((await drainSearchOutbox("w", { engine })).applied).toBe(0);
    const later = () => new Date(Date.now() + 60_000);
    expect((await drainSearchOutbox("w", { engine, now: later })).applied).toBe(1);
    expect((await search("检测认证")).total).toBe(1);
  });

  it("while one process holds the drain lease another does not apply anything; a dead holder's lease expires", async () => {
    await publish("人才培养基地", "人才");
    await prisma.lease.create({
      data: { name: DRAIN_LEASE, owner: "dead-process", until: new Date(Date.now() + 30_000) },
    });
    const blocked = await drainSearchOutbox("worker-b", { engine });
    expect(blocked.ran).toBe(false);
    expect(await prisma.searchOutbox.count()).toBe(1);
    // The process died mid-drain: after its lease runs out the backlog converges.
    const after = () => new Date(Date.now() + 31_000);
    const resumed = await drainSearchOutbox("worker-b", { engine, now: after });
    expect(resumed.ran).toBe(true);
    expect(await prisma.searchOutbox.count()).toBe(0);
    expect((await search("人才培养")).total).toBe(1);
  });

  it("two drainers racing apply each row once", async () => {
    for (let i = 0; i < 5; i++) await publish(`标准化建设 ${i}`, "标准");
    let applied = 0;
    const counting = (name: string): SearchEngine =>
      Object.assign(Object.create(engine), {
        upsert: async (docs: Parameters<SearchEngine["upsert"]>[0]) => {
          applied += docs.length;
          void name;
          return engine.upsert(docs);
        },
      });
    const [x, y] = await Promise.all([
      drainSearchOutbox("x", { engine: counting("x") }),
      drainSearchOutbox("y", { engine: counting("y") }),
    ]);
    expect(x.applied + y.applied).toBe(5);
    expect(applied).toBe(5);
    expect((await search("标准化")).total).toBe(5);
  });
});

describe("rebuild pages", () => {
  it("allCaseIds walks every visible case once, in pages, and never a hidden, deleted or draft one", async () => {
    const hidden = await publish("隐藏的案例", "正文");
    await setCaseHidden(hidden, admin, true, "test");
    const deleted = await publish("删除的案例", "正文");
    await deleteCase(deleted, admin);
    const draft = await createDraft(admin.id, crypto.randomUUID(), content("草稿", "正文"));
    const visible = (
      await prisma.caseStudy.findMany({
        where: { status: "published", deletedAt: null },
        select: { id: true },
        orderBy: { id: "asc" },
      })
    ).map((r) => r.id);
    expect(visible.length).toBeGreaterThan(2);
    const pages: string[][] = [];
    for await (const page of allCaseIds(2)) pages.push(page);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(pages.flat()).toEqual(visible);
    for (const id of [hidden, deleted, draft.id]) expect(pages.flat()).not.toContain(id);
  });
});

describe("an emptied index", () => {
  it("an index emptied by an upgrade is queued again, once across nodes, and drains to every visible document", async () => {
    const id = await publish("跨境电商直播基地经验", "直播");
    await drainSearchOutbox("w", { engine });
    const full = await engine.count();
    expect(full).toBeGreaterThan(0);
    // The embedded engine empties an index built with another schema or segmenter (ADR 078).
    await engine.clear();
    expect(await refillEmptyIndex("node-a", engine)).toBe(full);
    expect(await refillEmptyIndex("node-b", engine)).toBe(0); // the refill lease
    await drainSearchOutbox("w", { engine });
    expect(await engine.count()).toBe(full);
    expect((await search("直播基地")).hits.map((h) => h.id)).toContain(`case-${id}`);
    expect(await refillEmptyIndex("node-a", engine)).toBe(0); // not empty
    await prisma.lease.deleteMany({ where: { name: REFILL_LEASE } });
  });

  it("a node's job worker refills the process's empty index after its first drain", async () => {
    const nodeEngine = getSearchEngine();
    await nodeEngine.ensureIndex(CONTENT_INDEX);
    await nodeEngine.clear();
    expect(await nodeEngine.count()).toBe(0);
    const stop = startJobWorker({ intervalMs: 50 });
    try {
      await expect.poll(() => nodeEngine.count(), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
      await expect.poll(() => prisma.searchOutbox.count(), { timeout: 20_000, interval: 100 }).toBe(0);
      expect(await nodeEngine.count()).toBe(await engine.count());
    } finally {
      await stop();
    }
  });
});
